/**
 * Entry of the metrics panel's UI bundle (dist/webview/metrics.js, with uPlot's and our styles in
 * dist/webview/metrics.css): mounts the app, routes the host's messages to it, and says `ready`.
 */
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { onMessage } from '../api';
import { App } from './App';

const root = document.getElementById('root');
if (!root) throw new Error('metrics panel: the page has no #root element');
const app = new App(root);
onMessage((msg) => app.handle(msg));
app.start();
