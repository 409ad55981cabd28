/**
 * The scripts that control a run on a worker, installed in `big_vision_studio/bin/` by the bootstrap. They keep a
 * run independent of the SSH connection that started it (a dropped connection, or the launcher going away, does
 * not stop training) and make stopping reliable: OpenSSH delivers no signals to non-root or ForceCommand sessions,
 * so a run is stopped by signalling its process group by pid, on the worker.
 *
 * - `bv-run CTL CWD CMD...`: starts CMD in a session of its own (its pid is the process group), output to
 *   `CTL/out.log`, exit status to `CTL/exit`; prints the pid and returns at once.
 * - `bv-wait CTL`: returns when the run ends; prints its exit status, or `killed` when it left none.
 * - `bv-stop CTL SIG:SECONDS...`: signals the group with each signal in turn until it is gone.
 * - `bv-watch WORKDIR SNAPSHOTS`: prints `config` when config.json changes and `ckpt SUFFIX` when
 *   checkpoint.bv-LAST names a new checkpoint, after hard-linking that checkpoint into SNAPSHOTS (so a trainer that
 *   deletes it while it is being copied does not break the copy).
 * - `bv-preflight PATTERN...`: lists processes holding the accelerator devices (`HOLD pid pgid device command`) and
 *   our runs still going (`OURS run pgid`).
 */

const RUN = `#!/bin/bash
# bv-run CTL CWD CMD...: start CMD in a session of its own; print its pid (= process group) and return.
ctl=$1; cwd=$2; shift 2
mkdir -p "$ctl" || exit 1
rm -f "$ctl/exit" "$ctl/exit.tmp" "$ctl/pid"
# A job started with & in a script starts with SIGINT ignored, and Python keeps an ignored SIGINT ignored: reset it,
# so that a stop reaches the trainer as Ctrl-C (it finishes its step and checkpoints).
reset=; env --default-signal=INT true 2>/dev/null && reset="env --default-signal=INT,QUIT"
setsid $reset bash -c '
  ctl=$1; cwd=$2; shift 2
  trap : INT TERM HUP
  if cd "$cwd"; then "$@"; code=$?; else code=127; fi
  echo $code > "$ctl/exit.tmp" && mv -f "$ctl/exit.tmp" "$ctl/exit"
' bv-run "$ctl" "$cwd" "$@" > "$ctl/out.log" 2>&1 < /dev/null &
echo $! > "$ctl/pid"
echo $!
`;

const WAIT = `#!/bin/bash
# bv-wait CTL: wait for the run to end; print its exit status, or "killed" when it left none.
ctl=$1
pid=$(cat "$ctl/pid" 2>/dev/null) || { echo none; exit 0; }
tail --pid="$pid" -s 0.3 -f /dev/null
cat "$ctl/exit" 2>/dev/null || echo killed
`;

const STOP = `#!/bin/bash
# bv-stop CTL SIG:SECONDS...: signal the run's process group with each signal in turn until it is gone.
ctl=$1; shift
pid=$(cat "$ctl/pid" 2>/dev/null) || { echo "no run"; exit 0; }
alive() { kill -0 -- "-$pid" 2>/dev/null; }
alive || { echo "not running"; exit 0; }
for step in "$@"; do
  sig=\${step%%:*}; secs=\${step#*:}
  kill -"$sig" -- "-$pid" 2>/dev/null
  n=$(( secs * 5 ))
  while [ $n -gt 0 ] && alive; do sleep 0.2; n=$((n - 1)); done
  alive || { echo "stopped by SIG$sig"; exit 0; }
done
echo "still running"
exit 1
`;

const WATCH = `#!/bin/bash
# bv-watch WORKDIR SNAPSHOTS: report config.json changes and new checkpoints (hard-linked into SNAPSHOTS).
wd=$1; snaps=$2
mkdir -p "$snaps"
last=; cfg=
while :; do
  c=$(stat -c %Y.%s "$wd/config.json" 2>/dev/null)
  if [ -n "$c" ] && [ "$c" != "$cfg" ]; then cfg=$c; echo config; fi
  cur=$(cat "$wd/checkpoint.bv-LAST" 2>/dev/null)
  if [ -n "$cur" ] && [ "$cur" != "$last" ]; then
    rm -rf "$snaps/$cur" "$snaps/$cur.tmp"
    if cp -al "$wd/checkpoint.bv-$cur" "$snaps/$cur.tmp" 2>/dev/null && mv -T "$snaps/$cur.tmp" "$snaps/$cur"; then
      last=$cur; echo "ckpt $cur"
    fi
  fi
  sleep "\${BV_WATCH_SECONDS:-1}"
done
`;

const PREFLIGHT = `#!/bin/bash
# bv-preflight CONTROL PATTERN...: who holds the accelerator devices, and which of our runs still go.
control=$1; shift
# One find over every process's open files (no process started per file descriptor).
tests=()
for pat in "$@"; do tests+=(\${tests:+-o} -lname "$pat"); done
find /proc/[0-9]*/fd -maxdepth 1 \\( "\${tests[@]}" \\) -printf '%h %l\\n' 2>/dev/null | sort -u -k1,1 | while read -r fd device; do
  p=\${fd%/fd}; pid=\${p#/proc/}
  pgid=$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')
  echo "HOLD $pid \${pgid:-?} $device $(tr '\\0' ' ' < "$p/cmdline" 2>/dev/null | cut -c1-200)"
done
for ctl in "$control"/*/; do
  pid=$(cat "$ctl/pid" 2>/dev/null) || continue
  kill -0 -- "-$pid" 2>/dev/null && echo "OURS $(basename "$ctl") $pid"
done
exit 0
`;

/** File name → content of the control scripts. */
export const RUN_SCRIPTS: Readonly<Record<string, string>> = {
  'bv-run': RUN,
  'bv-wait': WAIT,
  'bv-stop': STOP,
  'bv-watch': WATCH,
  'bv-preflight': PREFLIGHT,
};

/** The devices a TPU VM's chips appear as (`/dev/accel0`..., or `/dev/vfio/N` on newer generations). */
export const ACCELERATOR_DEVICES = ['/dev/accel*', '/dev/vfio/[0-9]*'];

/** The stop sequence when a user stops a run: the trainer finishes its step and checkpoints first. */
export const STOP_GRACEFULLY = ['INT:60', 'TERM:10', 'KILL:5'];
/** The stop sequence when another worker failed: nothing to save, and a run blocked in a collective ignores INT. */
export const STOP_AT_ONCE = ['TERM:3', 'KILL:5'];
