# shellcheck shell=bash
# The databases that the task tests talk to. A missing one is announced loudly before the tests
# and again after them, so a failure further down is not a mystery.

WFM_SERVICES_DOWN=()

# Three tries, 2 s each: a busy machine can be slow to accept.
port_answers() {
    local try
    for try in 1 2 3; do
        timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null && return 0
        sleep 1
    done
    return 1
}

check_services() {
    local entry name host port
    for entry in "PostgreSQL 127.0.0.1 5432" "MariaDB 127.0.0.1 3306"; do
        read -r name host port <<<"$entry"
        if ! port_answers "$host" "$port"; then
            WFM_SERVICES_DOWN+=("$name ($host:$port)")
        fi
    done
    report_services
}

report_services() {
    local down
    for down in "${WFM_SERVICES_DOWN[@]}"; do
        echo "test: !! $down is NOT answering: tests that need it will fail." >&2
    done
}
