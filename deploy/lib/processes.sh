# shellcheck shell=bash
# Shell functions deploy/local.sh and deploy/cluster.sh share to tell which processes are theirs
# and who holds a port: read from /proc and `ss`, never from pid files alone.

# alive PID: the process exists and is not a zombie.
alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [ "${stat:0:1}" != Z ]
}

# describe_pid PID: "pid N (command line)", for messages.
describe_pid() {
  local args
  args=$(tr -s '\0 ' '  ' <"/proc/$1/cmdline" 2>/dev/null | cut -c1-100) || true
  args=${args% }
  echo "pid $1 (${args:-gone})"
}

# The pids listening on TCP PORT (any address), one a line; "?" for a listener whose process this
# user may not see.
port_listeners() {
  local line pids
  ss -Hltnp "sport = :$1" | while read -r line; do
    pids=$(grep -o 'pid=[0-9]*' <<<"$line" | cut -d= -f2) || true
    if [ -n "$pids" ]; then echo "$pids"; else echo "?"; fi
  done | sort -u
}
