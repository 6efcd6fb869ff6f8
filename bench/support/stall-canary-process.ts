/**
 * A process that does nothing but wake every 2 ms and note when it woke late: with Passi, the school IdP
 * and the load client sharing the machine, a late wake-up here means no CPU was to be had for anyone (the
 * cores all taken, or the virtual machine itself not running), whatever Passi was doing. Prints, when
 * its standard input ends, one JSON line: its wake-ups 5 ms or more late, as [when the wait began in ms since
 * the epoch, how late in ms].
 */
const INTERVAL_MS = 2;
const LATE_MS = 5;
const late: [number, number][] = [];
let last = performance.now();
const timer = setInterval(() => {
  const now = performance.now();
  const overdue = now - last - INTERVAL_MS;
  if (overdue >= LATE_MS) late.push([performance.timeOrigin + last, overdue]);
  last = now;
}, INTERVAL_MS);
console.log('ready');
process.stdin.resume();
process.stdin.on('end', () => {
  clearInterval(timer);
  console.log(JSON.stringify(late));
});
