/**
 * The widget's styles, inside its shadow root: the host page's CSS cannot reach them and they
 * cannot reach the page. `all: initial` on the host stops inherited properties leaking in.
 */
export const STYLES = `
:host{all:initial;position:fixed;right:16px;bottom:16px;z-index:2147483000;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24}
*{box-sizing:border-box}
button{font:inherit;cursor:pointer}
.bubble{width:56px;height:56px;border-radius:50%;border:0;background:var(--accent);color:#fff;box-shadow:0 4px 14px rgba(0,0,0,.25);display:grid;place-items:center;transition:transform .15s}
.bubble:hover{transform:scale(1.05)}
.bubble svg{width:28px;height:28px;fill:currentColor}
.badge{position:absolute;top:-2px;right:-2px;width:14px;height:14px;border-radius:50%;background:#d1242f;border:2px solid #fff}
.panel{position:absolute;right:0;bottom:68px;width:min(360px,calc(100vw - 32px));height:min(540px,calc(100vh - 100px));display:flex;flex-direction:column;background:#fff;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.3);overflow:hidden;transition:opacity .15s,transform .15s}
.panel[hidden]{display:none}
header{display:flex;align-items:center;gap:8px;padding:12px 14px;background:var(--accent);color:#fff}
h2{flex:1;margin:0;font-size:16px;font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.close{border:0;background:transparent;color:inherit;font-size:22px;line-height:1;width:32px;height:32px;border-radius:6px}
.log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;background:#f6f8fa}
.msg{max-width:85%;padding:8px 11px;border-radius:12px;white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;border:1px solid #d0d7de}
.msg.visitor{align-self:flex-end;background:var(--accent);color:#fff;border-color:transparent}
.msg.person{border-color:var(--accent)}
.who{display:block;font-size:12px;font-weight:600;opacity:.75}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.status{padding:0 12px;min-height:20px;font-size:13px;color:#57606a;background:#f6f8fa}
.status.error{color:#d1242f}
form{display:flex;gap:8px;padding:10px;border-top:1px solid #d0d7de}
textarea{flex:1;resize:none;font:inherit;padding:8px;border:1px solid #8c959f;border-radius:8px;height:40px;max-height:120px;color:inherit;background:#fff}
.send{border:0;border-radius:8px;padding:0 14px;background:var(--accent);color:#fff;font-weight:600}
.send:disabled{opacity:.5;cursor:default}
details{padding:0 10px 10px;font-size:13px}
summary{cursor:pointer;color:#57606a}
.contact{display:flex;flex-wrap:wrap;gap:6px;padding:8px 0 0}
.contact input{flex:1 1 120px;min-width:0;font:inherit;padding:6px;border:1px solid #8c959f;border-radius:6px}
:focus-visible{outline:3px solid #0969da;outline-offset:2px}
@media (max-width:400px){:host{right:8px;bottom:8px}.panel{width:calc(100vw - 16px);height:calc(100vh - 84px)}}
@media (prefers-reduced-motion:reduce){.bubble,.panel{transition:none}.bubble:hover{transform:none}}
`;
