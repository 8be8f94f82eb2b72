export function modeText(mode: string, timeoutHours?: number | null): string {
  if (mode === "ALWAYS_ON") return "AlwaysOn";
  return timeoutHours ? `AutoStop (stops after ${timeoutHours} h idle)` : "AutoStop";
}
