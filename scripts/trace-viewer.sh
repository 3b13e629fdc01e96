#!/usr/bin/env bash
# The Aspire dashboard in standalone mode as the local trace viewer: it receives OTLP from the services and shows
# traces, structured logs and metrics. The binary comes from NuGet (Aspire.Dashboard.Sdk.linux-x64), fetched once
# into .tools/aspire-dashboard. Unsecured, on 127.0.0.1 only: a local viewer, not something to expose.
#   scripts/trace-viewer.sh start|stop
# Ports: TRACE_VIEWER_PORT (18888, the UI), OTLP_PORT (4317, OTLP/gRPC), OTLP_HTTP_PORT (4318, OTLP/HTTP).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/local.env
version=13.6.5
ui="${TRACE_VIEWER_PORT:-18888}" otlp="${OTLP_PORT:-4317}" otlp_http="${OTLP_HTTP_PORT:-4318}"
tools="$PWD/.tools/aspire-dashboard" dir="$QUEUES_RUN_DIR/trace-viewer"
binary="$tools/packages/aspire.dashboard.sdk.linux-x64/$version/tools/Aspire.Dashboard"
mkdir -p "$dir"
alive() { [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; }

fetch() {
  [ -x "$binary" ] && return
  echo "==> fetching Aspire.Dashboard.Sdk.linux-x64 $version from NuGet (into .tools/aspire-dashboard)"
  mkdir -p "$tools"
  # Empty files stop MSBuild's search upwards: the repository's central package versions do not apply to this download.
  echo '<Project />' > "$tools/Directory.Build.props"; echo '<Project />' > "$tools/Directory.Packages.props"
  cat > "$tools/fetch.csproj" <<PROJECT
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Aspire.Dashboard.Sdk.linux-x64" Version="[$version]" /></ItemGroup>
</Project>
PROJECT
  dotnet restore "$tools/fetch.csproj" --packages "$tools/packages" -v quiet >/dev/null
  chmod +x "$binary"
}

start() {
  if alive; then echo "trace viewer: already running on http://127.0.0.1:$ui"; return; fi
  fetch
  echo "trace viewer: starting the Aspire dashboard on http://127.0.0.1:$ui (OTLP/gRPC 127.0.0.1:$otlp, OTLP/HTTP 127.0.0.1:$otlp_http)"
  # exec: the PID written below is the dashboard's own, not a subshell's.
  (cd "$dir" && exec env ASPNETCORE_URLS="http://127.0.0.1:$ui" ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="http://127.0.0.1:$otlp" \
    ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL="http://127.0.0.1:$otlp_http" ASPIRE_ALLOW_UNSECURED_TRANSPORT=true \
    DASHBOARD__FRONTEND__AUTHMODE=Unsecured DASHBOARD__OTLP__AUTHMODE=Unsecured \
    nohup "$binary") > "$dir/dashboard.log" 2>&1 &
  echo $! > "$dir/pid"
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$ui/" && { echo "trace viewer: ready"; return; }; sleep 0.2; done
  echo "trace viewer: did not start; see $dir/dashboard.log" >&2; exit 1
}

stop() {
  if alive; then
    local pid; pid="$(cat "$dir/pid")"
    echo "trace viewer: stopping (pid $pid)"; kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$dir/pid"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
