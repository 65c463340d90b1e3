import { render } from "preact";
import "../shared/base.css";
import "./app.css";
import { App } from "./app";

const root = document.getElementById("root");
if (root) render(<App />, root);
