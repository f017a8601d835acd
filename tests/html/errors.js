// Before the page's own script: count console errors and exceptions.
window.__errors = [];
window.addEventListener("error", e => window.__errors.push("uncaught: " + e.message));
const __consoleError = console.error;
console.error = (...a) => { window.__errors.push(a.join(" ")); __consoleError(...a); };
