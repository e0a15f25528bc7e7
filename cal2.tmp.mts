import { parseMarkdownBody } from './lib/content/parse-markdown-body.ts';
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
function time(name: string, text: string) {
  const t = cpu();
  const r = parseMarkdownBody(text);
  console.log(name, text.length, Math.round(cpu() - t), 'ms cpu', r.fallback ? 'FALLBACK' : '');
}
time('warm', 'a *b* [c](d)\n\n- x\n- y\n');
for (const n of [10, 100, 400]) time(`list2 d=16 x${n}`, ('- '.repeat(16) + 'a\n\n').repeat(n));
for (const n of [10, 100, 400]) time(`list2 d=8 x${n}`, ('- '.repeat(8) + 'a\n\n').repeat(n));
for (const n of [10, 100, 400]) time(`list2 d=4 x${n}`, ('- '.repeat(4) + 'a\n\n').repeat(n));
for (const n of [100, 400, 1600]) time(`list flat x${n}`, ('- a b c d\n').repeat(n));
for (const n of [100, 400]) time(`emph1 d=200 x${n}`, ('*a '.repeat(100) + 'b' + ' a*'.repeat(100) + '\n\n').repeat(n));
for (const n of [1000, 4000]) time(`normal para x${n}`, 'Hello world, this is a normal paragraph with *some* emphasis and a [link](http://x.y/).\n\n'.repeat(n));
