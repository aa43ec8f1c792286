#!/bin/bash
# Stand-ins for the YunoHost helpers (v2.1) the package's scripts call, so the scripts' own steps
# (copy, configure, build, migrate, start, health check, backup, restore) run here in a temporary
# prefix. Each stand-in does what the real helper does, in $YNH_TEST_PREFIX instead of /, and
# records the YunoHost-only effects (service registration, ownership) in $YNH_TEST_PREFIX/calls.log.
# shellcheck disable=SC2154 # $app, $domain, $nodejs_version…: set by the scripts, as on YunoHost
set -euo pipefail

_ynh_arg() { # _ynh_arg NAME "$@": the value of --NAME=… among the arguments
    local name="$1"
    shift
    local argument
    for argument in "$@"; do
        if [[ "$argument" == "--$name="* ]]; then
            echo "${argument#--"$name"=}"
            return
        fi
    done
}

_ynh_log() { echo "$*" >>"$YNH_TEST_PREFIX/calls.log"; }

ynh_script_progression() { echo "[progress] $*" >&2; }
ynh_print_info() { echo "[info] $*" >&2; }
ynh_print_warn() { echo "[warn] $*" >&2; }
ynh_die() {
    echo "[error] $*" >&2
    exit 1
}
ynh_hide_warnings() { "$@" 2>/dev/null; }
ynh_exec_as_app() { "$@"; }
yunohost() { _ynh_log "yunohost $*"; }
chown() { _ynh_log "chown $*"; }
systemctl() { _ynh_log "systemctl $*"; }
ynh_nodejs_install() { _ynh_log "nodejs $nodejs_version"; }

ynh_setup_source() {
    local dest
    dest=$(_ynh_arg dest_dir "$@")
    local keep
    keep=$(_ynh_arg keep "$@")
    if [[ -n "$keep" && -e "$dest/$keep" ]]; then cp -a "$dest/$keep" "$YNH_TEST_PREFIX/kept"; fi
    if [[ " $* " == *" --full_replace "* ]]; then rm -rf "$dest"; fi
    mkdir -p "$dest"
    cp -a "$YNH_TEST_SOURCE/." "$dest/"
    if [[ -n "$keep" && -e "$YNH_TEST_PREFIX/kept" ]]; then mv "$YNH_TEST_PREFIX/kept" "$dest/$keep"; fi
}

# Replaces every __NAME__ of a template with the script's variable `name`, as ynh_config_add does.
ynh_config_add() {
    local template destination
    template=$(_ynh_arg template "$@")
    destination=$(_ynh_arg destination "$@")
    mkdir -p "$(dirname "$destination")"
    local content placeholder variable
    content=$(cat "../conf/$template")
    while read -r placeholder; do
        variable=$(echo "${placeholder//__/}" | tr '[:upper:]' '[:lower:]')
        [[ -n "${!variable+set}" ]] || ynh_die "template $template uses $placeholder but \$$variable is not set"
        content=${content//"$placeholder"/"${!variable}"}
    done < <(grep -o '__[A-Z0-9_]*__' "../conf/$template" | sort -u)
    printf '%s\n' "$content" >"$destination"
}
ynh_config_add_systemd() { ynh_config_add --template="systemd.service" --destination="$YNH_TEST_PREFIX/etc/systemd/system/$app.service"; }
ynh_config_add_nginx() { ynh_config_add --template="nginx.conf" --destination="$YNH_TEST_PREFIX/etc/nginx/conf.d/$domain.d/$app.conf"; }
ynh_config_remove_systemd() {
    ynh_systemctl --action=stop
    rm -f "$YNH_TEST_PREFIX/etc/systemd/system/$app.service"
}
ynh_config_remove_nginx() { rm -f "$YNH_TEST_PREFIX/etc/nginx/conf.d/$domain.d/$app.conf"; }

ynh_write_var_in_file() {
    local file key value
    file=$(_ynh_arg file "$@")
    key=$(_ynh_arg key "$@")
    value=$(_ynh_arg value "$@")
    sed -i "s|^$key=.*|$key=$value|" "$file"
}

# Starts or stops the service the way systemd would: its rendered unit's ExecStart, as a child.
ynh_systemctl() {
    local action wait_until unit pid_file log
    action=$(_ynh_arg action "$@")
    wait_until=$(_ynh_arg wait_until "$@")
    unit="$YNH_TEST_PREFIX/etc/systemd/system/$app.service"
    pid_file="$YNH_TEST_PREFIX/$app.pid"
    log="$YNH_TEST_PREFIX/$app.log"
    if [[ "$action" == "stop" ]]; then
        if [[ -f "$pid_file" ]]; then
            kill "$(cat "$pid_file")" 2>/dev/null || true
            while kill -0 "$(cat "$pid_file")" 2>/dev/null; do sleep 0.2; done
            rm -f "$pid_file"
        fi
        return 0
    fi
    local exec_start working_dir
    exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
    working_dir=$(sed -n 's/^WorkingDirectory=//p' "$unit")
    # shellcheck disable=SC2086 # the unit's command line is split into words, as systemd does
    (cd "$working_dir" && exec $exec_start) >>"$log" 2>&1 &
    echo $! >"$pid_file"
    if [[ -n "$wait_until" ]]; then
        for _ in $(seq 1 120); do
            if grep -Eq "$wait_until" "$log"; then return 0; fi
            kill -0 "$(cat "$pid_file")" 2>/dev/null || ynh_die "the service stopped: $(tail -n 5 "$log")"
            sleep 0.5
        done
        ynh_die "the service did not log \"$wait_until\" in time"
    fi
}

# System paths (/etc/…) live under the prefix here.
_ynh_path() {
    case "$1" in
        /etc/*) echo "$YNH_TEST_PREFIX$1" ;;
        *) echo "$1" ;;
    esac
}

# Backup lists paths; the test copies them into the archive after the script ends, as YunoHost does.
ynh_backup() {
    local target
    target=$(_ynh_path "$1")
    [[ -e "$target" ]] || ynh_die "$1 to be backed up does not exist"
    echo "$target" >>"$YNH_TEST_PREFIX/backup-list"
}
ynh_restore() {
    local target
    target=$(_ynh_path "$1")
    [[ -e "$YNH_TEST_ARCHIVE$target" ]] || ynh_die "$target is not in the archive"
    rm -rf "$target"
    mkdir -p "$(dirname "$target")"
    cp -a "$YNH_TEST_ARCHIVE$target" "$target"
}
ynh_config_change_url_nginx() {
    ynh_config_remove_nginx
    domain="$new_domain"
    ynh_config_add_nginx
}
