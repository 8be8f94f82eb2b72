// A process serving through scripts/drainable-server.ts as scripts/start.ts does, for the SIGTERM
// test: GET /slow answers after SLOW_MS, anything else at once.
import { createDrainableServer } from "@/scripts/drainable-server";

const slowMs = Number(process.env.SLOW_MS ?? 1500);
const { server, drain } = createDrainableServer((req, res) => {
  const answer = () => res.end(`done ${req.url}`);
  if (req.url === "/slow") setTimeout(answer, slowMs);
  else answer();
});
server.listen(0, "127.0.0.1", () => console.log(`listening ${(server.address() as { port: number }).port}`));
process.on("SIGTERM", () => {
  console.log("draining");
  void drain(10_000).then(() => {
    console.log("drained");
    process.exit(0);
  });
});
