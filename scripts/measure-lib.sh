# Sourced by the measure-*.sh scripts.
# settle: waits (at most $quiet_wait s) for the 1-minute load average to fall to $quiet; prints the seconds it waited.
settle() {
  local waited=0
  while awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v q="$quiet" 'BEGIN {exit !(l > q)}' && [ "$waited" -lt "$quiet_wait" ]; do
    sleep 5; waited=$((waited + 5))
  done
  echo "$waited"
}
