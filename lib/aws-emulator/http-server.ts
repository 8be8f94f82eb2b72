/**
 * The HTTP face of the emulator: `POST /` with X-Amz-Target carries AWS JSON 1.1 calls; paths under
 * /emulator/ are the control endpoints. Every answer is JSON (never HTML), every AWS answer carries
 * x-amzn-RequestId, and no request can crash the process.
 */
import http from "node:http";
import { randomUUID } from "node:crypto";
import { handleControl } from "./control-api";
import { refuseControlRequest } from "./control-guard";
import { errorXml } from "./ec2/ec2-query";
import { toAwsJson, type AwsAnswer, type EmulatorRuntime } from "./emulator-runtime";

/** AWS rejects bodies this large; the emulator does too rather than buffering without bound. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const AWS_JSON = "application/x-amz-json-1.1";

/** The region of a SigV4 credential scope: `Credential=AKID/20240101/us-west-2/workspaces/aws4_request`. */
function signedRegion(authorization: string | undefined): string | undefined {
  return /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\//.exec(authorization ?? "")?.[1];
}

function sendJson(res: http.ServerResponse, status: number, text: string, headers: Record<string, string>, contentType = AWS_JSON): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendAwsAnswer(req: http.IncomingMessage, res: http.ServerResponse, answer: AwsAnswer): void {
  if (answer.loseAnswer === "destroy") {
    // The call took effect; the caller sees a reset connection and cannot know it did.
    req.socket.destroy();
    return;
  }
  if (answer.xml !== undefined) {
    // EC2: XML, with the request id in the body and (as EC2 does) in a header.
    const xml =
      answer.loseAnswer === "500" ? errorXml("InternalError", "An internal error has occurred", answer.requestId) : answer.xml;
    sendJson(res, answer.loseAnswer === "500" ? 500 : answer.status, xml, { "x-amzn-RequestId": answer.requestId }, "text/xml;charset=UTF-8");
    return;
  }
  if (answer.loseAnswer === "500") {
    const body = { __type: "InternalFailure", message: "The request processing has failed because of an unknown error, exception or failure." };
    sendJson(res, 500, JSON.stringify(body), { "x-amzn-RequestId": answer.requestId, "x-amzn-ErrorType": "InternalFailure" });
    return;
  }
  const headers: Record<string, string> = { "x-amzn-RequestId": answer.requestId };
  if (answer.errorType) headers["x-amzn-ErrorType"] = answer.errorType;
  sendJson(res, answer.status, toAwsJson(answer.body), headers);
}

export function createRequestListener(runtime: EmulatorRuntime, log: (line: string) => void) {
  return (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        tooLarge = true;
        return;
      }
      chunks.push(chunk);
    });
    req.on("error", () => {
      // Client went away; nothing to answer.
    });
    req.on("end", () => {
      const requestId = randomUUID();
      try {
        if (tooLarge) {
          const body = { __type: "RequestEntityTooLargeException", message: "Request body too large." };
          sendJson(res, 413, JSON.stringify(body), { "x-amzn-RequestId": requestId });
          return;
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        const url = new URL(req.url ?? "/", "http://emulator");
        if (url.pathname.startsWith("/emulator/") || url.pathname === "/emulator") {
          const refusal = refuseControlRequest(req.headers);
          if (refusal) return sendJson(res, 403, JSON.stringify({ error: refusal }), {}, "application/json");
          let body: Record<string, unknown> = {};
          if (raw.trim() !== "") {
            try {
              const parsed: unknown = JSON.parse(raw);
              if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
              else throw new Error("not an object");
            } catch {
              sendJson(res, 400, JSON.stringify({ error: "The body must be a JSON object." }), {}, "application/json");
              return;
            }
          }
          const answer = handleControl(runtime, req.method ?? "GET", url, body);
          sendJson(res, answer.status, JSON.stringify(answer.body), {}, "application/json");
          return;
        }
        if (req.method !== "POST" || url.pathname !== "/") {
          const body = { __type: "UnknownOperationException", message: `No AWS operation at ${req.method} ${url.pathname}; use POST / with X-Amz-Target.` };
          sendJson(res, 404, JSON.stringify(body), { "x-amzn-RequestId": requestId });
          return;
        }
        const target = req.headers["x-amz-target"];
        // EC2 speaks the Query protocol: a form body naming its Action, and no X-Amz-Target.
        const form = !target && String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
        const answer = form ? runtime.callEc2(raw) : runtime.callAws(Array.isArray(target) ? target[0] : target, raw, signedRegion(req.headers.authorization));
        if (answer.latencyMs > 0) {
          setTimeout(() => {
            try {
              sendAwsAnswer(req, res, answer);
            } catch (error) {
              log(`could not send the answer to request ${answer.requestId}: ${String(error)}`);
            }
          }, answer.latencyMs);
        } else {
          sendAwsAnswer(req, res, answer);
        }
      } catch (error) {
        log(`unexpected error handling ${req.method} ${req.url} (request ${requestId}): ${(error as Error)?.stack ?? String(error)}`);
        const body = { __type: "InternalFailure", message: `Internal error (request ${requestId}).` };
        sendJson(res, 500, JSON.stringify(body), { "x-amzn-RequestId": requestId });
      }
    });
  };
}

/** Malformed HTTP (not JSON, the HTTP framing itself) is answered with a JSON 400 too. */
export function answerClientError(error: Error, socket: import("node:stream").Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ __type: "BadRequest", message: `Malformed HTTP request: ${error.message}` });
  socket.end(
    `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
