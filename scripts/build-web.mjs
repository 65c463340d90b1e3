#!/usr/bin/env node
// Placeholder until the web apps land: makes sure the assets directory exists.
import { mkdirSync } from "node:fs";
mkdirSync("web/dist", { recursive: true });
console.log("web: loader_gz=0 widget_gz=0 dashboard_gz=0 console_gz=0");
