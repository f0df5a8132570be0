#!/usr/bin/env bash
# Runs a `docker save`-format image tar (what `./mvnw -Pimage package` builds) the way a container runtime
# would, without one: as root, with unshare and chroot only. For checking an image on a machine with no
# Docker; not a container runtime (no network, PID, user or cgroup isolation, no seccomp).
#
#   sudo infrastructure/image/run-image.sh [-v HOST_DIR:IMAGE_DIR]... [-e NAME=value]... target/jib-image.tar
#
# It unpacks the layers in order into $WORK_DIR/rootfs (default target/image-run), then, in a mount namespace
# of its own (gone when the process ends):
#   - the root is a read-only bind mount (READ_ONLY=0 leaves it writable), as readOnlyRootFilesystem does;
#   - /tmp is a fresh tmpfs (TMP_SIZE, default 64m), /proc is mounted, /dev has null, zero, random and
#     urandom, and /etc/hosts and /etc/resolv.conf are the host's, read-only, as Docker provides them;
#   - each -v HOST_DIR is mounted read-only at IMAGE_DIR (a Secret or ConfigMap volume);
# and it runs the image's entrypoint (and command) in its working directory, as its user, with exactly the
# image's environment plus each -e. The process keeps this script's PID (exec all the way), shares the
# host's network (HTTP_PORT / MANAGEMENT_PORT pick the ports) and ends on SIGTERM as in a container.
# Needs: root, util-linux (unshare, mount), GNU tar, python3.
set -euo pipefail

die() { echo "run-image.sh: $*" >&2; exit 1; }

if [[ "${1:-}" == --inside ]]; then
  # Second stage, in the new mount namespace. Everything it needs is in $WORK_DIR.
  shift
  work=$1
  root="$work/rootfs"
  mount --bind "$root" "$root"
  [[ "${READ_ONLY:-1}" == 1 ]] && mount -o remount,bind,ro "$root"
  mount -t proc -o nosuid,nodev,noexec proc "$root/proc"
  mount -t tmpfs -o "nosuid,nodev,mode=1777,size=${TMP_SIZE:-64m}" tmpfs "$root/tmp"
  for device in null zero random urandom; do
    mount --bind "/dev/$device" "$root/dev/$device"
  done
  for file in hosts resolv.conf; do
    mount --bind "/etc/$file" "$root/etc/$file"
    mount -o remount,bind,ro "$root/etc/$file"
  done
  while IFS=: read -r host_dir image_dir; do
    mount --bind "$host_dir" "$root$image_dir"
    mount -o remount,bind,ro "$root$image_dir"
  done <"$work/volumes"
  mapfile -d '' environment <"$work/env"
  mapfile -d '' command <"$work/command"
  read -r uid gid workdir <"$work/process"
  # unshare without namespace options: chroot, chdir, setgid (dropping root's groups), setuid, exec.
  exec env -i "${environment[@]}" unshare --root="$root" --wd="$workdir" --setgid="$gid" --setuid="$uid" \
    -- "${command[@]}"
fi

volumes=()
extra_env=()
while getopts "v:e:" option; do
  case "$option" in
    v) volumes+=("$OPTARG") ;;
    e) extra_env+=("$OPTARG") ;;
    *) die "usage: run-image.sh [-v HOST_DIR:IMAGE_DIR]... [-e NAME=value]... IMAGE_TAR" ;;
  esac
done
shift $((OPTIND - 1))
[[ $# == 1 ]] || die "usage: run-image.sh [-v HOST_DIR:IMAGE_DIR]... [-e NAME=value]... IMAGE_TAR"
image=$1
[[ -f "$image" ]] || die "no image tar at $image (build it with ./mvnw -Pimage package)"
[[ $(id -u) == 0 ]] || die "needs root (mount namespaces and chroot); run it with sudo"
for tool in unshare mount tar python3; do
  command -v "$tool" >/dev/null || die "needs $tool"
done

work=${WORK_DIR:-target/image-run}
rm -rf "$work"
mkdir -p "$work/image" "$work/rootfs"
work=$(cd "$work" && pwd)
tar -xf "$image" -C "$work/image"

# The layers in order, and what the config says to run: NUL-separated lists, so no value is split or globbed.
python3 - "$work" "${extra_env[@]}" <<'EOF'
import json, os, sys
work, extra = sys.argv[1], sys.argv[2:]
image = os.path.join(work, "image")
[manifest] = json.load(open(os.path.join(image, "manifest.json")))
config = json.load(open(os.path.join(image, manifest["Config"])))["config"]
command = (config.get("Entrypoint") or []) + (config.get("Cmd") or [])
if not command:
    sys.exit("run-image.sh: the image has neither an entrypoint nor a command")
user = config.get("User") or "0:0"
uid, _, gid = user.partition(":")
if not uid.isdigit() or not (gid or uid).isdigit():
    sys.exit("run-image.sh: user '%s' is not numeric; this script does not look names up" % user)
def nul(name, items):
    with open(os.path.join(work, name), "w") as out:
        out.write("".join(item + "\0" for item in items))
nul("layers", (os.path.join(image, layer) for layer in manifest["Layers"]))
nul("env", (config.get("Env") or []) + extra)
nul("command", command)
with open(os.path.join(work, "process"), "w") as out:
    out.write("%s %s %s\n" % (uid, gid or uid, config.get("WorkingDir") or "/"))
EOF
: >"$work/volumes"
for volume in "${volumes[@]}"; do
  [[ "$volume" == ?*:/* ]] || die "-v $volume: expected HOST_DIR:/IMAGE_DIR"
  host_dir=$(cd "${volume%%:*}" && pwd) || die "-v $volume: no directory ${volume%%:*}"
  echo "$host_dir:${volume#*:}" >>"$work/volumes"
done

mapfile -d '' layers <"$work/layers"
for layer in "${layers[@]}"; do
  # Neither make-base.sh nor Jib writes whiteouts (files deleted by a later layer); refuse rather than ignore.
  if tar --warning=no-unknown-keyword -tf "$layer" | grep -q '\(^\|/\)\.wh\.'; then
    die "layer $(basename "$layer") deletes files (whiteouts); this script does not apply them"
  fi
  tar --warning=no-unknown-keyword -xf "$layer" -C "$work/rootfs" --same-owner --preserve-permissions
done

# Mount points, made in the unpacked tree (not in the image) as a runtime makes them.
root="$work/rootfs"
mkdir -p "$root/proc" "$root/tmp" "$root/dev" "$root/etc"
touch "$root/dev/null" "$root/dev/zero" "$root/dev/random" "$root/dev/urandom" "$root/etc/hosts" \
  "$root/etc/resolv.conf"
while IFS=: read -r _ image_dir; do
  mkdir -p "$root$image_dir"
done <"$work/volumes"

exec unshare --mount --propagation private -- "$0" --inside "$work"
