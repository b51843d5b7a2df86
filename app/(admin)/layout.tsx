// The admin pages share the signed-in frame of the app (every page checks its own access).
export { default } from "../(app)/layout";
