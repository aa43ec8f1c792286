#!/bin/bash
# Shared by every script of the Passerelle package.

# The Node.js major version Passerelle needs (package.json "engines").
nodejs_version=24

# The environment file the service and the command line read.
env_file() {
    echo "$install_dir/.env"
}

# Runs Passerelle's command line as the app's user, with its configuration.
passerelle_cli() {
    (cd "$install_dir" && ynh_exec_as_app npm run --silent passerelle -- "$@")
}

# Installs dependencies and builds the web app, as the app's user.
passerelle_build() {
    (cd "$install_dir" && ynh_exec_as_app npm ci --no-audit --no-fund && ynh_exec_as_app npm run build)
}

# Waits for the server to answer its health check (the database is migrated and served).
passerelle_health_check() {
    local tries=0
    until curl --silent --fail --max-time 5 "http://127.0.0.1:$port/healthz" >/dev/null; do
        tries=$((tries + 1))
        if [ "$tries" -ge 60 ]; then
            ynh_die "Passerelle did not answer its health check on port $port: see journalctl -u $app"
        fi
        sleep 1
    done
}
