// Order matters: ES modules run in import order, so the bridge exists before the app renders.
import './install';
import '../../../renderer/main';
import './harness';
