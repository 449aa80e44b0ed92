# Shared by scripts/scale_table.sh, scripts/hostile_table.sh and
# scripts/book_table.sh (sourced, not run): messages, package installs,
# GNU time and the release binary.
# Expects `root` (the repository) to be set.

# A message on stderr, named after the script that sourced this file.
say() { echo "$(basename "$0"): $*" >&2; }

# Installs a Debian package when we may (root, apt-get); quiet, and never
# fatal.
apt_install() {
    local package="$1"
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        say "installing $package"
        { apt-get install -y -qq "$package" || { apt-get update -qq && apt-get install -y -qq "$package"; }; } \
            >/dev/null 2>&1 || say "could not install $package"
    fi
}

# GNU time at /usr/bin/time (for peak memory), installed when missing.
need_gnu_time() {
    [ -x /usr/bin/time ] || apt_install time
    if [ ! -x /usr/bin/time ]; then
        say "needs GNU time at /usr/bin/time (apt-get install time)"
        exit 1
    fi
}

# Builds the release binary unless $1 is 0, and sets `bin` to it.
release_binary() {
    if [ "$1" = 1 ]; then
        say "building release"
        (cd "$root" && cargo build --release --quiet </dev/null)
    fi
    bin="$root/target/release/bitext"
    [ -x "$bin" ] || { say "no $bin (build it, or drop --no-build)"; exit 1; }
}
