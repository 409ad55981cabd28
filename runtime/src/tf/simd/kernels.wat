;; 128-bit SIMD kernels the bundled trainer runs on the wasm backend's own
;; memory (imported, so tensors are read and written in place, no copies).
;; Pointers are byte offsets into that memory; sizes and strides count
;; float32 elements. scripts/wasm-kernels.mjs compiles this file into
;; kernelsBinary.ts (committed; a test checks that the two agree).
(module
  (import "env" "memory" (memory 1))

  ;; C[i, j] = sum_kk A[i*a_rs + kk*a_cs] * B[kk*b_rs + j] for every batch
  ;; entry (A, B and C advance by a_bs, b_bs, c_bs). B and C rows are
  ;; contiguous; A may be read transposed (a_rs = 1, a_cs = its row length).
  ;; Blocks of 2 rows x 16 columns of C stay in registers over the whole of k
  ;; (each B vector loaded once serves 2 rows). Column blocks outside, rows
  ;; inside, so a block's panel of B stays in L1 while every row passes; the
  ;; columns and rows left over go row by row ($gemm_row). With $bias
  ;; (non-zero) C starts from bias[j] instead of 0; with $acc (non-zero) from
  ;; C itself (the caller splits a long k into blocks whose panel of B fits L1).
  (func (export "gemm_nn")
    (param $batch i32) (param $m i32) (param $k i32) (param $n i32)
    (param $a i32) (param $a_bs i32) (param $a_rs i32) (param $a_cs i32)
    (param $b i32) (param $b_bs i32) (param $b_rs i32)
    (param $c i32) (param $c_bs i32) (param $c_rs i32) (param $bias i32) (param $acc i32)
    (local $bi i32) (local $i i32) (local $j i32) (local $kk i32) (local $mr i32)
    (local $ak i32) (local $bk i32) (local $cp i32)
    (local $s v128) (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local $c00 v128) (local $c01 v128) (local $c02 v128) (local $c03 v128) (local $c10 v128) (local $c11 v128) (local $c12 v128) (local $c13 v128)
    (local.set $a_bs (i32.shl (local.get $a_bs) (i32.const 2)))
    (local.set $a_rs (i32.shl (local.get $a_rs) (i32.const 2)))
    (local.set $a_cs (i32.shl (local.get $a_cs) (i32.const 2)))
    (local.set $b_bs (i32.shl (local.get $b_bs) (i32.const 2)))
    (local.set $b_rs (i32.shl (local.get $b_rs) (i32.const 2)))
    (local.set $c_bs (i32.shl (local.get $c_bs) (i32.const 2)))
    (local.set $c_rs (i32.shl (local.get $c_rs) (i32.const 2)))
    ;; rows covered by whole blocks
    (local.set $mr (i32.sub (local.get $m) (i32.rem_u (local.get $m) (i32.const 2))))
    (block $batches_done
      (loop $batches
        (br_if $batches_done (i32.ge_u (local.get $bi) (local.get $batch)))
        (local.set $j (i32.const 0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $n)))
            (local.set $i (i32.const 0))
            (block $blk_done
              (loop $blk
                (br_if $blk_done (i32.ge_u (local.get $i) (local.get $mr)))
                (local.set $cp (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $c_rs))) (i32.shl (local.get $j) (i32.const 2))))
                (if (local.get $acc)
                  (then
                    (local.set $c00 (v128.load align=4 (local.get $cp)))
                    (local.set $c01 (v128.load offset=16 align=4 (local.get $cp)))
                    (local.set $c02 (v128.load offset=32 align=4 (local.get $cp)))
                    (local.set $c03 (v128.load offset=48 align=4 (local.get $cp)))
                    (local.set $c10 (v128.load align=4 (i32.add (local.get $cp) (local.get $c_rs))))
                    (local.set $c11 (v128.load offset=16 align=4 (i32.add (local.get $cp) (local.get $c_rs))))
                    (local.set $c12 (v128.load offset=32 align=4 (i32.add (local.get $cp) (local.get $c_rs))))
                    (local.set $c13 (v128.load offset=48 align=4 (i32.add (local.get $cp) (local.get $c_rs)))))
                  (else
                    (local.set $c00 (if (result v128) (local.get $bias) (then (v128.load align=4 (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2))))) (else (v128.const i32x4 0 0 0 0))))
                    (local.set $c01 (if (result v128) (local.get $bias) (then (v128.load offset=16 align=4 (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2))))) (else (v128.const i32x4 0 0 0 0))))
                    (local.set $c02 (if (result v128) (local.get $bias) (then (v128.load offset=32 align=4 (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2))))) (else (v128.const i32x4 0 0 0 0))))
                    (local.set $c03 (if (result v128) (local.get $bias) (then (v128.load offset=48 align=4 (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2))))) (else (v128.const i32x4 0 0 0 0))))
                    (local.set $c10 (local.get $c00))
                    (local.set $c11 (local.get $c01))
                    (local.set $c12 (local.get $c02))
                    (local.set $c13 (local.get $c03))))
                (local.set $ak (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $a_rs))))
                (local.set $bk (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
                (local.set $kk (local.get $k))
                (block $k_done
                  (loop $kl
                    (br_if $k_done (i32.eqz (local.get $kk)))
                    (local.set $b0 (v128.load align=4 (local.get $bk)))
                    (local.set $b1 (v128.load offset=16 align=4 (local.get $bk)))
                    (local.set $b2 (v128.load offset=32 align=4 (local.get $bk)))
                    (local.set $b3 (v128.load offset=48 align=4 (local.get $bk)))
                    (local.set $s (f32x4.splat (f32.load (local.get $ak))))
                    (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $s) (local.get $b0))))
                    (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $s) (local.get $b1))))
                    (local.set $c02 (f32x4.add (local.get $c02) (f32x4.mul (local.get $s) (local.get $b2))))
                    (local.set $c03 (f32x4.add (local.get $c03) (f32x4.mul (local.get $s) (local.get $b3))))
                    (local.set $s (f32x4.splat (f32.load (i32.add (local.get $ak) (local.get $a_rs)))))
                    (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $s) (local.get $b0))))
                    (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $s) (local.get $b1))))
                    (local.set $c12 (f32x4.add (local.get $c12) (f32x4.mul (local.get $s) (local.get $b2))))
                    (local.set $c13 (f32x4.add (local.get $c13) (f32x4.mul (local.get $s) (local.get $b3))))
                    (local.set $ak (i32.add (local.get $ak) (local.get $a_cs)))
                    (local.set $bk (i32.add (local.get $bk) (local.get $b_rs)))
                    (local.set $kk (i32.sub (local.get $kk) (i32.const 1)))
                    (br $kl)))
                (v128.store align=4 (local.get $cp) (local.get $c00))
                (v128.store offset=16 align=4 (local.get $cp) (local.get $c01))
                (v128.store offset=32 align=4 (local.get $cp) (local.get $c02))
                (v128.store offset=48 align=4 (local.get $cp) (local.get $c03))
                (local.set $cp (i32.add (local.get $cp) (local.get $c_rs)))
                (v128.store align=4 (local.get $cp) (local.get $c10))
                (v128.store offset=16 align=4 (local.get $cp) (local.get $c11))
                (v128.store offset=32 align=4 (local.get $cp) (local.get $c12))
                (v128.store offset=48 align=4 (local.get $cp) (local.get $c13))
                (local.set $i (i32.add (local.get $i) (i32.const 2)))
                (br $blk)))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $cols)))
        ;; the columns left over in the rows of whole blocks, then whole rows left over
        (local.set $i (i32.const 0))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_u (local.get $i) (local.get $m)))
            (call $gemm_row (local.get $k) (local.get $n)
              (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $a_rs))) (local.get $a_cs)
              (local.get $b) (local.get $b_rs)
              (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $c_rs)))
              (if (result i32) (i32.lt_u (local.get $i) (local.get $mr)) (then (local.get $j)) (else (i32.const 0)))
              (local.get $bias) (local.get $acc))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $rows)))
        (local.set $a (i32.add (local.get $a) (local.get $a_bs)))
        (local.set $b (i32.add (local.get $b) (local.get $b_bs)))
        (local.set $c (i32.add (local.get $c) (local.get $c_bs)))
        (local.set $bi (i32.add (local.get $bi) (i32.const 1)))
        (br $batches))))

  ;; One row of gemm_nn from column $j on: C[j..n) = sum_kk A[kk*a_cs] * B[kk*b_rs + j..n)
  ;; ($arow, $crow: the row's first element; strides in bytes), 16, then 4, then 1 column at a time;
  ;; from C itself (when $acc is non-zero) or bias[j] (when $bias is non-zero) instead of 0.
  (func $gemm_row
    (param $k i32) (param $n i32) (param $arow i32) (param $a_cs i32) (param $b i32) (param $b_rs i32)
    (param $crow i32) (param $j i32) (param $bias i32) (param $acc i32)
    (local $kk i32) (local $ak i32) (local $bk i32)
    (local $s v128) (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local $sf f32)
    (block $w16_done
      (loop $w16
        (br_if $w16_done (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $n)))
        (local.set $c0 (v128.const i32x4 0 0 0 0))
        (local.set $c1 (v128.const i32x4 0 0 0 0))
        (local.set $c2 (v128.const i32x4 0 0 0 0))
        (local.set $c3 (v128.const i32x4 0 0 0 0))
        (if (local.get $bias) (then
          (local.set $bk (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2))))
          (local.set $c0 (v128.load align=4 (local.get $bk)))
          (local.set $c1 (v128.load offset=16 align=4 (local.get $bk)))
          (local.set $c2 (v128.load offset=32 align=4 (local.get $bk)))
          (local.set $c3 (v128.load offset=48 align=4 (local.get $bk)))))
        (if (local.get $acc) (then
          (local.set $bk (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))))
          (local.set $c0 (v128.load align=4 (local.get $bk)))
          (local.set $c1 (v128.load offset=16 align=4 (local.get $bk)))
          (local.set $c2 (v128.load offset=32 align=4 (local.get $bk)))
          (local.set $c3 (v128.load offset=48 align=4 (local.get $bk)))))
        (local.set $ak (local.get $arow))
        (local.set $bk (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $kk (local.get $k))
        (block $k16_done
          (loop $k16
            (br_if $k16_done (i32.eqz (local.get $kk)))
            (local.set $s (f32x4.splat (f32.load (local.get $ak))))
            (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $s) (v128.load align=4 (local.get $bk)))))
            (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $s) (v128.load offset=16 align=4 (local.get $bk)))))
            (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $s) (v128.load offset=32 align=4 (local.get $bk)))))
            (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $s) (v128.load offset=48 align=4 (local.get $bk)))))
            (local.set $ak (i32.add (local.get $ak) (local.get $a_cs)))
            (local.set $bk (i32.add (local.get $bk) (local.get $b_rs)))
            (local.set $kk (i32.sub (local.get $kk) (i32.const 1)))
            (br $k16)))
        (local.set $bk (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))))
        (v128.store align=4 (local.get $bk) (local.get $c0))
        (v128.store offset=16 align=4 (local.get $bk) (local.get $c1))
        (v128.store offset=32 align=4 (local.get $bk) (local.get $c2))
        (v128.store offset=48 align=4 (local.get $bk) (local.get $c3))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $w16)))
    (block $w4_done
      (loop $w4
        (br_if $w4_done (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
        (local.set $c0 (if (result v128) (local.get $acc)
          (then (v128.load align=4 (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2)))))
          (else (if (result v128) (local.get $bias)
            (then (v128.load align=4 (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2)))))
            (else (v128.const i32x4 0 0 0 0))))))
        (local.set $ak (local.get $arow))
        (local.set $bk (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $kk (local.get $k))
        (block $k4_done
          (loop $k4
            (br_if $k4_done (i32.eqz (local.get $kk)))
            (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (f32x4.splat (f32.load (local.get $ak))) (v128.load align=4 (local.get $bk)))))
            (local.set $ak (i32.add (local.get $ak) (local.get $a_cs)))
            (local.set $bk (i32.add (local.get $bk) (local.get $b_rs)))
            (local.set $kk (i32.sub (local.get $kk) (i32.const 1)))
            (br $k4)))
        (v128.store align=4 (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))) (local.get $c0))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $w4)))
    (block $w1_done
      (loop $w1
        (br_if $w1_done (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $sf (if (result f32) (local.get $acc)
          (then (f32.load (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2)))))
          (else (if (result f32) (local.get $bias)
            (then (f32.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2)))))
            (else (f32.const 0))))))
        (local.set $ak (local.get $arow))
        (local.set $bk (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $kk (local.get $k))
        (block $k1_done
          (loop $k1
            (br_if $k1_done (i32.eqz (local.get $kk)))
            (local.set $sf (f32.add (local.get $sf) (f32.mul (f32.load (local.get $ak)) (f32.load (local.get $bk)))))
            (local.set $ak (i32.add (local.get $ak) (local.get $a_cs)))
            (local.set $bk (i32.add (local.get $bk) (local.get $b_rs)))
            (local.set $kk (i32.sub (local.get $kk) (i32.const 1)))
            (br $k1)))
        (f32.store (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))) (local.get $sf))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $w1))))

  ;; C[i, j] = sum_kk A[i*a_rs + kk] * B[j*b_rs + kk] (B read transposed: the
  ;; rows of both operands are contiguous), per batch entry as gemm_nn.
  ;; Four lanes of k at a time, then the lanes summed.
  (func (export "gemm_nt")
    (param $batch i32) (param $m i32) (param $k i32) (param $n i32)
    (param $a i32) (param $a_bs i32) (param $a_rs i32)
    (param $b i32) (param $b_bs i32) (param $b_rs i32)
    (param $c i32) (param $c_bs i32) (param $c_rs i32)
    (local $bi i32) (local $i i32) (local $j i32) (local $kk i32)
    (local $arow i32) (local $brow i32) (local $crow i32)
    (local $acc v128) (local $sf f32) (local $k4 i32)
    (local.set $a_bs (i32.shl (local.get $a_bs) (i32.const 2)))
    (local.set $a_rs (i32.shl (local.get $a_rs) (i32.const 2)))
    (local.set $b_bs (i32.shl (local.get $b_bs) (i32.const 2)))
    (local.set $b_rs (i32.shl (local.get $b_rs) (i32.const 2)))
    (local.set $c_bs (i32.shl (local.get $c_bs) (i32.const 2)))
    (local.set $c_rs (i32.shl (local.get $c_rs) (i32.const 2)))
    ;; bytes covered by whole vectors of k
    (local.set $k4 (i32.shl (i32.and (local.get $k) (i32.const -4)) (i32.const 2)))
    (block $batches_done
      (loop $batches
        (br_if $batches_done (i32.ge_u (local.get $bi) (local.get $batch)))
        (local.set $i (i32.const 0))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_u (local.get $i) (local.get $m)))
            (local.set $arow (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $a_rs))))
            (local.set $crow (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $c_rs))))
            (local.set $brow (local.get $b))
            (local.set $j (i32.const 0))
            (block $cols_done
              (loop $cols
                (br_if $cols_done (i32.ge_u (local.get $j) (local.get $n)))
                (local.set $acc (v128.const i32x4 0 0 0 0))
                (local.set $kk (i32.const 0))
                (block $kv_done
                  (loop $kv
                    (br_if $kv_done (i32.ge_u (local.get $kk) (local.get $k4)))
                    (local.set $acc (f32x4.add (local.get $acc)
                      (f32x4.mul (v128.load align=4 (i32.add (local.get $arow) (local.get $kk)))
                                 (v128.load align=4 (i32.add (local.get $brow) (local.get $kk))))))
                    (local.set $kk (i32.add (local.get $kk) (i32.const 16)))
                    (br $kv)))
                (local.set $sf (f32.add
                  (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
                  (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
                (block $ks_done
                  (loop $ks
                    (br_if $ks_done (i32.ge_u (local.get $kk) (i32.shl (local.get $k) (i32.const 2))))
                    (local.set $sf (f32.add (local.get $sf)
                      (f32.mul (f32.load (i32.add (local.get $arow) (local.get $kk)))
                               (f32.load (i32.add (local.get $brow) (local.get $kk))))))
                    (local.set $kk (i32.add (local.get $kk) (i32.const 4)))
                    (br $ks)))
                (f32.store (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))) (local.get $sf))
                (local.set $brow (i32.add (local.get $brow) (local.get $b_rs)))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $cols)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $rows)))
        (local.set $a (i32.add (local.get $a) (local.get $a_bs)))
        (local.set $b (i32.add (local.get $b) (local.get $b_bs)))
        (local.set $c (i32.add (local.get $c) (local.get $c_bs)))
        (local.set $bi (i32.add (local.get $bi) (i32.const 1)))
        (br $batches))))

  ;; sums[j] = sum_i x[i*n + j]; with $y (non-zero) also prods[j] = sum_i x[i*n + j] * y[i*n + j].
  (func (export "col_sums")
    (param $x i32) (param $y i32) (param $m i32) (param $n i32) (param $sums i32) (param $prods i32)
    (local $i i32) (local $j i32) (local $row i32) (local $n4 i32) (local $v v128) (local $f f32)
    (local.set $n4 (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (local.set $row (i32.shl (local.get $n) (i32.const 2)))
    (memory.fill (local.get $sums) (i32.const 0) (local.get $row))
    (if (local.get $y) (then (memory.fill (local.get $prods) (i32.const 0) (local.get $row))))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $j (i32.const 0))
        (block $v_done
          (loop $vec
            (br_if $v_done (i32.ge_u (local.get $j) (local.get $n4)))
            (local.set $v (v128.load align=4 (i32.add (local.get $x) (local.get $j))))
            (v128.store align=4 (i32.add (local.get $sums) (local.get $j))
              (f32x4.add (v128.load align=4 (i32.add (local.get $sums) (local.get $j))) (local.get $v)))
            (if (local.get $y) (then
              (v128.store align=4 (i32.add (local.get $prods) (local.get $j))
                (f32x4.add (v128.load align=4 (i32.add (local.get $prods) (local.get $j)))
                  (f32x4.mul (local.get $v) (v128.load align=4 (i32.add (local.get $y) (local.get $j))))))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $vec)))
        (block $s_done
          (loop $scalar
            (br_if $s_done (i32.ge_u (local.get $j) (local.get $row)))
            (local.set $f (f32.load (i32.add (local.get $x) (local.get $j))))
            (f32.store (i32.add (local.get $sums) (local.get $j))
              (f32.add (f32.load (i32.add (local.get $sums) (local.get $j))) (local.get $f)))
            (if (local.get $y) (then
              (f32.store (i32.add (local.get $prods) (local.get $j))
                (f32.add (f32.load (i32.add (local.get $prods) (local.get $j)))
                  (f32.mul (local.get $f) (f32.load (i32.add (local.get $y) (local.get $j))))))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $scalar)))
        (local.set $x (i32.add (local.get $x) (local.get $row)))
        (if (local.get $y) (then (local.set $y (i32.add (local.get $y) (local.get $row)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; out = dy * s * (1 + x * (1 - s) * (c1 + c3 * x^2)), elementwise over len values.
  (func (export "gelu_grad")
    (param $dy i32) (param $x i32) (param $s i32) (param $len i32) (param $c1 f32) (param $c3 f32) (param $out i32)
    (local $o i32) (local $end i32) (local $end4 i32)
    (local $v v128) (local $sv v128) (local $vc1 v128) (local $vc3 v128) (local $one v128)
    (local $f f32) (local $sf f32)
    (local.set $end (i32.shl (local.get $len) (i32.const 2)))
    (local.set $end4 (i32.shl (i32.and (local.get $len) (i32.const -4)) (i32.const 2)))
    (local.set $vc1 (f32x4.splat (local.get $c1)))
    (local.set $vc3 (f32x4.splat (local.get $c3)))
    (local.set $one (f32x4.splat (f32.const 1)))
    (block $v_done
      (loop $vec
        (br_if $v_done (i32.ge_u (local.get $o) (local.get $end4)))
        (local.set $v (v128.load align=4 (i32.add (local.get $x) (local.get $o))))
        (local.set $sv (v128.load align=4 (i32.add (local.get $s) (local.get $o))))
        (v128.store align=4 (i32.add (local.get $out) (local.get $o))
          (f32x4.mul
            (f32x4.mul (v128.load align=4 (i32.add (local.get $dy) (local.get $o))) (local.get $sv))
            (f32x4.add (local.get $one)
              (f32x4.mul
                (f32x4.mul (local.get $v) (f32x4.sub (local.get $one) (local.get $sv)))
                (f32x4.add (local.get $vc1) (f32x4.mul (local.get $vc3) (f32x4.mul (local.get $v) (local.get $v))))))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vec)))
    (block $s_done
      (loop $scalar
        (br_if $s_done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $f (f32.load (i32.add (local.get $x) (local.get $o))))
        (local.set $sf (f32.load (i32.add (local.get $s) (local.get $o))))
        (f32.store (i32.add (local.get $out) (local.get $o))
          (f32.mul
            (f32.mul (f32.load (i32.add (local.get $dy) (local.get $o))) (local.get $sf))
            (f32.add (f32.const 1)
              (f32.mul
                (f32.mul (local.get $f) (f32.sub (f32.const 1) (local.get $sf)))
                (f32.add (local.get $c1) (f32.mul (local.get $c3) (f32.mul (local.get $f) (local.get $f))))))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $scalar))))

  ;; Squares of a float32 vector summed in float64 (lanes promoted), added to $acc.
  (func $sq_acc (param $acc v128) (param $v v128) (result v128)
    (local $d v128)
    (local.set $d (f64x2.promote_low_f32x4 (local.get $v)))
    (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (local.get $d) (local.get $d))))
    (local.set $d (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))
    (f64x2.add (local.get $acc) (f64x2.mul (local.get $d) (local.get $d))))

  ;; f64 at $at += both lanes of $acc.
  (func $add_lanes (param $at i32) (param $acc v128)
    (f64.store (local.get $at) (f64.add (f64.load (local.get $at))
      (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))))

  ;; sum of x[i]^2 over the first $len4 values ($len4 a multiple of 4), in float64.
  (func (export "sum_squares") (param $x i32) (param $len4 i32) (result f64)
    (local $o i32) (local $end i32) (local $acc v128)
    (local.set $end (i32.shl (local.get $len4) (i32.const 2)))
    (block $done
      (loop $vec
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $acc (call $sq_acc (local.get $acc) (v128.load align=4 (i32.add (local.get $x) (local.get $o)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vec)))
    (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))

  ;; The optimizer steps of tf/fusedOptimizer.ts over the first $len4 values of one parameter
  ;; ($len4 a multiple of 4; the caller does the rest). With g' = g * f:
  ;;   u = rule(g') * lr - wd * p,  p' = p + u;  sums[0] += sum u^2, sums[1] += sum p'^2 (float64).
  ;; adam: mu' = (1 - b1) g' + b1 mu, nu' = (1 - b2) g'^2 + b2 nu,
  ;;       rule = (mc mu' + gc g') / (sqrt(vc nu' + eps_root) + eps).
  (func (export "adam_step")
    (param $g i32) (param $p i32) (param $mu i32) (param $nu i32) (param $len4 i32)
    (param $f f32) (param $b1 f32) (param $b2 f32) (param $mc f32) (param $gc f32) (param $vc f32)
    (param $eps f32) (param $eps_root f32) (param $lr f32) (param $wd f32)
    (param $op i32) (param $omu i32) (param $onu i32) (param $sums i32)
    (local $o i32) (local $end i32) (local $gg v128) (local $m v128) (local $v v128) (local $u v128) (local $x v128) (local $pv v128)
    (local $vf v128) (local $vb1 v128) (local $va1 v128) (local $vb2 v128) (local $va2 v128) (local $vmc v128) (local $vgc v128)
    (local $vvc v128) (local $veps v128) (local $vroot v128) (local $vlr v128) (local $vwd v128) (local $su v128) (local $sx v128)
    (local.set $end (i32.shl (local.get $len4) (i32.const 2)))
    (local.set $vf (f32x4.splat (local.get $f)))
    (local.set $vb1 (f32x4.splat (local.get $b1)))
    (local.set $va1 (f32x4.splat (f32.sub (f32.const 1) (local.get $b1))))
    (local.set $vb2 (f32x4.splat (local.get $b2)))
    (local.set $va2 (f32x4.splat (f32.sub (f32.const 1) (local.get $b2))))
    (local.set $vmc (f32x4.splat (local.get $mc)))
    (local.set $vgc (f32x4.splat (local.get $gc)))
    (local.set $vvc (f32x4.splat (local.get $vc)))
    (local.set $veps (f32x4.splat (local.get $eps)))
    (local.set $vroot (f32x4.splat (local.get $eps_root)))
    (local.set $vlr (f32x4.splat (local.get $lr)))
    (local.set $vwd (f32x4.splat (local.get $wd)))
    (block $done
      (loop $vec
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $gg (f32x4.mul (v128.load align=4 (i32.add (local.get $g) (local.get $o))) (local.get $vf)))
        (local.set $pv (v128.load align=4 (i32.add (local.get $p) (local.get $o))))
        (local.set $m (f32x4.add (f32x4.mul (local.get $va1) (local.get $gg))
                                 (f32x4.mul (local.get $vb1) (v128.load align=4 (i32.add (local.get $mu) (local.get $o))))))
        (local.set $v (f32x4.add (f32x4.mul (f32x4.mul (local.get $va2) (local.get $gg)) (local.get $gg))
                                 (f32x4.mul (local.get $vb2) (v128.load align=4 (i32.add (local.get $nu) (local.get $o))))))
        (v128.store align=4 (i32.add (local.get $omu) (local.get $o)) (local.get $m))
        (v128.store align=4 (i32.add (local.get $onu) (local.get $o)) (local.get $v))
        (local.set $u (f32x4.sub
          (f32x4.mul
            (f32x4.div (f32x4.add (f32x4.mul (local.get $vmc) (local.get $m)) (f32x4.mul (local.get $vgc) (local.get $gg)))
                       (f32x4.add (f32x4.sqrt (f32x4.add (f32x4.mul (local.get $vvc) (local.get $v)) (local.get $vroot))) (local.get $veps)))
            (local.get $vlr))
          (f32x4.mul (local.get $vwd) (local.get $pv))))
        (local.set $x (f32x4.add (local.get $pv) (local.get $u)))
        (v128.store align=4 (i32.add (local.get $op) (local.get $o)) (local.get $x))
        (local.set $su (call $sq_acc (local.get $su) (local.get $u)))
        (local.set $sx (call $sq_acc (local.get $sx) (local.get $x)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vec)))
    (call $add_lanes (local.get $sums) (local.get $su))
    (call $add_lanes (i32.add (local.get $sums) (i32.const 8)) (local.get $sx)))

  ;; trace (momentum): t' = g' + decay t; rule = ga g' + ta t' (ga, ta = 1, decay with Nesterov, else 0, 1).
  (func (export "trace_step")
    (param $g i32) (param $p i32) (param $tr i32) (param $len4 i32)
    (param $f f32) (param $decay f32) (param $ga f32) (param $ta f32) (param $lr f32) (param $wd f32)
    (param $op i32) (param $otr i32) (param $sums i32)
    (local $o i32) (local $end i32) (local $gg v128) (local $t v128) (local $u v128) (local $x v128) (local $pv v128)
    (local $vf v128) (local $vd v128) (local $vga v128) (local $vta v128) (local $vlr v128) (local $vwd v128) (local $su v128) (local $sx v128)
    (local.set $end (i32.shl (local.get $len4) (i32.const 2)))
    (local.set $vf (f32x4.splat (local.get $f)))
    (local.set $vd (f32x4.splat (local.get $decay)))
    (local.set $vga (f32x4.splat (local.get $ga)))
    (local.set $vta (f32x4.splat (local.get $ta)))
    (local.set $vlr (f32x4.splat (local.get $lr)))
    (local.set $vwd (f32x4.splat (local.get $wd)))
    (block $done
      (loop $vec
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $gg (f32x4.mul (v128.load align=4 (i32.add (local.get $g) (local.get $o))) (local.get $vf)))
        (local.set $pv (v128.load align=4 (i32.add (local.get $p) (local.get $o))))
        (local.set $t (f32x4.add (local.get $gg) (f32x4.mul (local.get $vd) (v128.load align=4 (i32.add (local.get $tr) (local.get $o))))))
        (v128.store align=4 (i32.add (local.get $otr) (local.get $o)) (local.get $t))
        (local.set $u (f32x4.sub
          (f32x4.mul (f32x4.add (f32x4.mul (local.get $vga) (local.get $gg)) (f32x4.mul (local.get $vta) (local.get $t))) (local.get $vlr))
          (f32x4.mul (local.get $vwd) (local.get $pv))))
        (local.set $x (f32x4.add (local.get $pv) (local.get $u)))
        (v128.store align=4 (i32.add (local.get $op) (local.get $o)) (local.get $x))
        (local.set $su (call $sq_acc (local.get $su) (local.get $u)))
        (local.set $sx (call $sq_acc (local.get $sx) (local.get $x)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vec)))
    (call $add_lanes (local.get $sums) (local.get $su))
    (call $add_lanes (i32.add (local.get $sums) (i32.const 8)) (local.get $sx)))

  ;; Sum of the four lanes of a float32 vector.
  (func $lanes (param $v v128) (result f32)
    (f32.add (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
             (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  ;; LayerNorm over rows of $n values ($n a multiple of 4): per row mean, variance of the centred values,
  ;; rstd = 1 / sqrt(var + eps), xhat = (x - mean) * rstd, out = xhat * scale + bias.
  ;; Keeps xhat [rows, n] and rstd [rows] for the gradient.
  (func (export "layer_norm")
    (param $x i32) (param $scale i32) (param $bias i32) (param $rows i32) (param $n i32) (param $eps f32)
    (param $out i32) (param $xhat i32) (param $rstd i32)
    (local $r i32) (local $j i32) (local $row i32) (local $acc v128) (local $mean v128) (local $rs v128) (local $v v128)
    (local $f f32)
    (local.set $row (i32.shl (local.get $n) (i32.const 2)))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        ;; mean
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (block $a_done (loop $a
          (br_if $a_done (i32.ge_u (local.get $j) (local.get $row)))
          (local.set $acc (f32x4.add (local.get $acc) (v128.load align=4 (i32.add (local.get $x) (local.get $j)))))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br $a)))
        (local.set $mean (f32x4.splat (f32.div (call $lanes (local.get $acc)) (f32.convert_i32_u (local.get $n)))))
        ;; variance of the centred values
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (block $b_done (loop $b
          (br_if $b_done (i32.ge_u (local.get $j) (local.get $row)))
          (local.set $v (f32x4.sub (v128.load align=4 (i32.add (local.get $x) (local.get $j))) (local.get $mean)))
          (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $v) (local.get $v))))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br $b)))
        (local.set $f (f32.div (f32.const 1) (f32.sqrt (f32.add (f32.div (call $lanes (local.get $acc)) (f32.convert_i32_u (local.get $n))) (local.get $eps)))))
        (f32.store (i32.add (local.get $rstd) (i32.shl (local.get $r) (i32.const 2))) (local.get $f))
        (local.set $rs (f32x4.splat (local.get $f)))
        (local.set $j (i32.const 0))
        (block $c_done (loop $c
          (br_if $c_done (i32.ge_u (local.get $j) (local.get $row)))
          (local.set $v (f32x4.mul (f32x4.sub (v128.load align=4 (i32.add (local.get $x) (local.get $j))) (local.get $mean)) (local.get $rs)))
          (v128.store align=4 (i32.add (local.get $xhat) (local.get $j)) (local.get $v))
          (v128.store align=4 (i32.add (local.get $out) (local.get $j))
            (f32x4.add (f32x4.mul (local.get $v) (v128.load align=4 (i32.add (local.get $scale) (local.get $j))))
                       (v128.load align=4 (i32.add (local.get $bias) (local.get $j)))))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br $c)))
        (local.set $x (i32.add (local.get $x) (local.get $row)))
        (local.set $xhat (i32.add (local.get $xhat) (local.get $row)))
        (local.set $out (i32.add (local.get $out) (local.get $row)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))

  ;; The LayerNorm input gradient per row ($n a multiple of 4): with dxhat = g * scale,
  ;; dx = rstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)).
  (func (export "layer_norm_grad")
    (param $g i32) (param $xhat i32) (param $rstd i32) (param $scale i32) (param $rows i32) (param $n i32) (param $dx i32)
    (local $r i32) (local $j i32) (local $row i32) (local $a1 v128) (local $a2 v128) (local $d v128) (local $m1 v128) (local $m2 v128)
    (local $rs v128) (local $inv f32)
    (local.set $row (i32.shl (local.get $n) (i32.const 2)))
    (local.set $inv (f32.div (f32.const 1) (f32.convert_i32_u (local.get $n))))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (block $a_done (loop $a
          (br_if $a_done (i32.ge_u (local.get $j) (local.get $row)))
          (local.set $d (f32x4.mul (v128.load align=4 (i32.add (local.get $g) (local.get $j))) (v128.load align=4 (i32.add (local.get $scale) (local.get $j)))))
          (local.set $a1 (f32x4.add (local.get $a1) (local.get $d)))
          (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $d) (v128.load align=4 (i32.add (local.get $xhat) (local.get $j))))))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br $a)))
        (local.set $m1 (f32x4.splat (f32.mul (call $lanes (local.get $a1)) (local.get $inv))))
        (local.set $m2 (f32x4.splat (f32.mul (call $lanes (local.get $a2)) (local.get $inv))))
        (local.set $rs (f32x4.splat (f32.load (i32.add (local.get $rstd) (i32.shl (local.get $r) (i32.const 2))))))
        (local.set $j (i32.const 0))
        (block $b_done (loop $b
          (br_if $b_done (i32.ge_u (local.get $j) (local.get $row)))
          (local.set $d (f32x4.mul (v128.load align=4 (i32.add (local.get $g) (local.get $j))) (v128.load align=4 (i32.add (local.get $scale) (local.get $j)))))
          (v128.store align=4 (i32.add (local.get $dx) (local.get $j))
            (f32x4.mul (local.get $rs)
              (f32x4.sub (f32x4.sub (local.get $d) (local.get $m1))
                         (f32x4.mul (v128.load align=4 (i32.add (local.get $xhat) (local.get $j))) (local.get $m2)))))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br $b)))
        (local.set $g (i32.add (local.get $g) (local.get $row)))
        (local.set $xhat (i32.add (local.get $xhat) (local.get $row)))
        (local.set $dx (i32.add (local.get $dx) (local.get $row)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))

  ;; dst = the transpose of each of $batch row-major [rows, cols] matrices at src: [cols, rows] each.
  ;; Blocks of 4 x 4 move through registers (two rounds of lane shuffles); the edges go one value at a time.
  (func (export "transpose")
    (param $src i32) (param $batch i32) (param $rows i32) (param $cols i32) (param $dst i32)
    (local $bi i32) (local $i i32) (local $j i32) (local $rs i32) (local $cs i32) (local $sp i32) (local $dp i32)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128) (local $a v128) (local $b v128) (local $c v128) (local $d v128)
    (local $i4 i32) (local $j4 i32) (local $size i32)
    (local.set $rs (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $cs (i32.shl (local.get $rows) (i32.const 2)))
    (local.set $size (i32.mul (local.get $rs) (local.get $rows)))
    (local.set $i4 (i32.and (local.get $rows) (i32.const -4)))
    (local.set $j4 (i32.and (local.get $cols) (i32.const -4)))
    (block $batches_done
      (loop $batches
        (br_if $batches_done (i32.ge_u (local.get $bi) (local.get $batch)))
        (local.set $i (i32.const 0))
        (block $bi_done (loop $blocks_i
          (br_if $bi_done (i32.ge_u (local.get $i) (local.get $i4)))
          (local.set $j (i32.const 0))
          (block $bj_done (loop $blocks_j
            (br_if $bj_done (i32.ge_u (local.get $j) (local.get $j4)))
            (local.set $sp (i32.add (local.get $src) (i32.add (i32.mul (local.get $i) (local.get $rs)) (i32.shl (local.get $j) (i32.const 2)))))
            (local.set $r0 (v128.load align=4 (local.get $sp)))
            (local.set $r1 (v128.load align=4 (i32.add (local.get $sp) (local.get $rs))))
            (local.set $r2 (v128.load align=4 (i32.add (local.get $sp) (i32.shl (local.get $rs) (i32.const 1)))))
            (local.set $r3 (v128.load align=4 (i32.add (local.get $sp) (i32.mul (local.get $rs) (i32.const 3)))))
            (local.set $a (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
            (local.set $b (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r0) (local.get $r1)))
            (local.set $c (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
            (local.set $d (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r2) (local.get $r3)))
            (local.set $dp (i32.add (local.get $dst) (i32.add (i32.mul (local.get $j) (local.get $cs)) (i32.shl (local.get $i) (i32.const 2)))))
            (v128.store align=4 (local.get $dp) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a) (local.get $c)))
            (v128.store align=4 (i32.add (local.get $dp) (local.get $cs)) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a) (local.get $c)))
            (v128.store align=4 (i32.add (local.get $dp) (i32.shl (local.get $cs) (i32.const 1))) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $b) (local.get $d)))
            (v128.store align=4 (i32.add (local.get $dp) (i32.mul (local.get $cs) (i32.const 3))) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $b) (local.get $d)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $blocks_j)))
          ;; the last cols % 4 columns of these four rows
          (block $ej_done (loop $edge_j
            (br_if $ej_done (i32.ge_u (local.get $j) (local.get $cols)))
            (local.set $sp (i32.add (local.get $src) (i32.add (i32.mul (local.get $i) (local.get $rs)) (i32.shl (local.get $j) (i32.const 2)))))
            (local.set $dp (i32.add (local.get $dst) (i32.add (i32.mul (local.get $j) (local.get $cs)) (i32.shl (local.get $i) (i32.const 2)))))
            (f32.store (local.get $dp) (f32.load (local.get $sp)))
            (f32.store offset=4 (local.get $dp) (f32.load (i32.add (local.get $sp) (local.get $rs))))
            (f32.store offset=8 (local.get $dp) (f32.load (i32.add (local.get $sp) (i32.shl (local.get $rs) (i32.const 1)))))
            (f32.store offset=12 (local.get $dp) (f32.load (i32.add (local.get $sp) (i32.mul (local.get $rs) (i32.const 3)))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $edge_j)))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br $blocks_i)))
        ;; the last rows % 4 rows
        (block $ei_done (loop $edge_i
          (br_if $ei_done (i32.ge_u (local.get $i) (local.get $rows)))
          (local.set $j (i32.const 0))
          (block $ej2_done (loop $edge_j2
            (br_if $ej2_done (i32.ge_u (local.get $j) (local.get $cols)))
            (f32.store (i32.add (local.get $dst) (i32.add (i32.mul (local.get $j) (local.get $cs)) (i32.shl (local.get $i) (i32.const 2))))
              (f32.load (i32.add (local.get $src) (i32.add (i32.mul (local.get $i) (local.get $rs)) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $edge_j2)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $edge_i)))
        (local.set $src (i32.add (local.get $src) (local.get $size)))
        (local.set $dst (i32.add (local.get $dst) (local.get $size)))
        (local.set $bi (i32.add (local.get $bi) (i32.const 1)))
        (br $batches))))

  ;; dst[b, j, i, :] = src[b, i, j, :] for blocks of $inner floats (a transpose of [rows, cols] matrices whose
  ;; elements are rows of $inner values), one memory.copy per block.
  (func (export "transpose_blocks")
    (param $src i32) (param $batch i32) (param $rows i32) (param $cols i32) (param $inner i32) (param $dst i32)
    (local $bi i32) (local $i i32) (local $j i32) (local $bytes i32) (local $sp i32) (local $size i32) (local $dcol i32)
    (local.set $bytes (i32.shl (local.get $inner) (i32.const 2)))
    (local.set $size (i32.mul (i32.mul (local.get $rows) (local.get $cols)) (local.get $bytes)))
    (local.set $dcol (i32.mul (local.get $rows) (local.get $bytes)))
    (block $batches_done
      (loop $batches
        (br_if $batches_done (i32.ge_u (local.get $bi) (local.get $batch)))
        (local.set $sp (local.get $src))
        (local.set $i (i32.const 0))
        (block $rows_done (loop $rows
          (br_if $rows_done (i32.ge_u (local.get $i) (local.get $rows)))
          (local.set $j (i32.const 0))
          (block $cols_done (loop $cols
            (br_if $cols_done (i32.ge_u (local.get $j) (local.get $cols)))
            (memory.copy
              (i32.add (local.get $dst) (i32.add (i32.mul (local.get $j) (local.get $dcol)) (i32.mul (local.get $i) (local.get $bytes))))
              (local.get $sp) (local.get $bytes))
            (local.set $sp (i32.add (local.get $sp) (local.get $bytes)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $cols)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $rows)))
        (local.set $src (i32.add (local.get $src) (local.get $size)))
        (local.set $dst (i32.add (local.get $dst) (local.get $size)))
        (local.set $bi (i32.add (local.get $bi) (i32.const 1)))
        (br $batches))))
)
