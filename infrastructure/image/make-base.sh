#!/usr/bin/env bash
# Makes a minimal base image for the service without Docker and without a registry, as a `docker save`
# tar that Jib takes as `tar://...` (Jib 3.5 reads only that format for tar bases, not an OCI layout):
#
#   infrastructure/image/make-base.sh                      # -> target/image-base/base.tar
#   ./mvnw -Pimage package -Dimage.base=tar://target/image-base/base.tar
#
# One layer, distroless-like: no shell, no package manager, nothing but
#   /opt/java/openjdk   a Java 17 runtime cut with jlink from the local JDK to the modules the service uses
#                       (same place as in eclipse-temurin, so `java` is found on the same PATH either way)
#   /lib, /lib64, /usr/lib   glibc, libgcc_s, libstdc++ and zlib, which that runtime links against, from
#                       Debian's packages (apt-get download + dpkg -x, no install), or copied from this host
#                       when apt-get cannot fetch them
#   /etc                passwd and group with root and nonroot (65532, home /tmp), nsswitch.conf
#   /tmp                mode 1777, the one place the service writes (a tmpfs when the root is read-only)
#   /usr/share/doc      the packages' copyright files; the runtime's own are in /opt/java/openjdk/legal
#
# Needs a JDK 17 with jmods (JAVA_HOME, else the one `javac` belongs to), GNU tar and coreutils; apt-get and
# dpkg for the Debian packages. Root is not needed. Settings (environment):
#   OUT_DIR        where base.tar goes (default target/image-base)
#   JLINK_MODULES  the modules to keep (default below)
#   BASE_TAG       the name:tag written into the tar (default live-secrets-base:17)
#   FROM_HOST=1    take the native libraries from this host instead of Debian's packages
set -euo pipefail

# What `jdeps --print-module-deps --ignore-missing-deps --multi-release 17 --recursive --class-path 'libs/*' classes`
# finds for the service and its libraries (with the modules those require transitively: java.logging, java.xml,
# java.management), less what only unused code paths reach: java.desktop (java.beans, for optional Jackson and
# Micrometer integrations) and java.compiler (annotation processing in vertx-core). Plus what is loaded by name,
# which jdeps cannot see: jdk.crypto.ec, the EC key exchange and signatures of TLS (to Vault, and for HTTPS).
# jdk.jfr: Netty 4.2's allocator events, and a flight recording when one is needed (jcmd is not in the image).
DEFAULT_MODULES=java.base,java.logging,java.management,java.naming,java.sql,java.xml,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.unsupported
MODULES=${JLINK_MODULES:-$DEFAULT_MODULES}
OUT_DIR=${OUT_DIR:-target/image-base}
BASE_TAG=${BASE_TAG:-live-secrets-base:17}
JAVA_DIR=/opt/java/openjdk
NONROOT_UID=65532
# The Debian packages holding what the jlink'd runtime links against (ldd of bin/java and lib/**/*.so).
PACKAGES=(libc6 libgcc-s1 libstdc++6 zlib1g)

die() { echo "make-base.sh: $*" >&2; exit 1; }

find_jdk() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/jlink" ]]; then
    echo "$JAVA_HOME"
  elif command -v javac >/dev/null; then
    dirname "$(dirname "$(readlink -f "$(command -v javac)")")"
  else
    die "no JDK found: set JAVA_HOME to a JDK 17 (one with bin/jlink and jmods/)"
  fi
}

JDK=$(find_jdk)
[[ -x "$JDK/bin/jlink" && -d "$JDK/jmods" ]] || die "$JDK has no bin/jlink or no jmods/ (a JRE, or a JDK without jmods)"
version=$("$JDK/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
[[ "$version" == 17 ]] || die "$JDK is Java $version; the service is built for Java 17"

arch=$(uname -m)
case "$arch" in
  x86_64) oci_arch=amd64; ld_so=ld-linux-x86-64.so.2; triplet=x86_64-linux-gnu ;;
  aarch64) oci_arch=arm64; ld_so=ld-linux-aarch64.so.1; triplet=aarch64-linux-gnu ;;
  *) die "unsupported machine $arch (x86_64 and aarch64 are)" ;;
esac

mkdir -p "$OUT_DIR"
OUT_DIR=$(cd "$OUT_DIR" && pwd)
work="$OUT_DIR/work"
root="$work/rootfs"
rm -rf "$work"
mkdir -p "$root" "$work/debs"

echo "jlink: $MODULES (from $JDK)"
"$JDK/bin/jlink" --module-path "$JDK/jmods" --add-modules "$MODULES" \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$root$JAVA_DIR"

from_debian() {
  (cd "$work/debs" && apt-get download "${PACKAGES[@]}" >/dev/null 2>"$work/apt.log") || return 1
  local deb
  for deb in "$work"/debs/*.deb; do
    dpkg -x "$deb" "$work/extract"
    echo "  $(basename "$deb")"
  done
  # Only the shared libraries and their copyright notices: no gconv modules, locales or docs.
  local dirs
  dirs=$(cd "$work/extract" && ls -d lib lib64 usr/lib 2>/dev/null)
  # shellcheck disable=SC2086 # the directory names hold no spaces
  (cd "$work/extract" && find $dirs -name '*.so*' \( -type f -o -type l \) -not -path '*/gconv/*' -print0 \
      | xargs -0 cp -a --parents -t "$root")
  (cd "$work/extract" && find usr/share/doc -name copyright -print0 | xargs -0 cp -a --parents -t "$root")
}

from_host() {
  # What ldd resolves for the runtime, at the same paths, plus the dynamic loader.
  local lib
  for lib in $(find "$root$JAVA_DIR" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec ldd {} + 2>/dev/null \
      | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u) "/lib/$triplet/$ld_so"; do
    cp -L --parents "$lib" "$root"
  done
  mkdir -p "$root/lib64"
  [[ "$oci_arch" == amd64 ]] && cp -L "/lib/$triplet/$ld_so" "$root/lib64/$ld_so"
}

if [[ "${FROM_HOST:-0}" != 1 ]] && command -v apt-get >/dev/null && command -v dpkg >/dev/null \
    && echo "native libraries from Debian: ${PACKAGES[*]}" && from_debian; then
  :
else
  [[ -s "$work/apt.log" ]] && echo "apt-get download failed ($(tail -n 1 "$work/apt.log")); using this host's libraries"
  echo "native libraries from this host"
  from_host
fi
[[ -e "$root/lib/$triplet/$ld_so" || -e "$root/usr/lib/$triplet/$ld_so" ]] || die "no dynamic loader $ld_so in the base"

mkdir -p "$root/etc" "$root/tmp" "$root/proc" "$root/sys" "$root/dev"
chmod 1777 "$root/tmp"
# home /tmp: whatever looks at user.home finds the writable place, and nothing else is writable.
cat >"$root/etc/passwd" <<EOF
root:x:0:0:root:/root:/sbin/nologin
nonroot:x:$NONROOT_UID:$NONROOT_UID:nonroot:/tmp:/sbin/nologin
EOF
cat >"$root/etc/group" <<EOF
root:x:0:
nonroot:x:$NONROOT_UID:
EOF
cat >"$root/etc/nsswitch.conf" <<EOF
passwd: files
group: files
hosts: files dns
EOF

# One reproducible layer: sorted, owned by root, the epoch as every time stamp.
layer="$work/layer.tar"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 --format=posix \
  --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime -C "$root" -cf "$layer" .
diff_id=$(sha256sum "$layer" | cut -d' ' -f1)

# The image config: what Jib keeps of the base (Env, and User and WorkingDir unless the build sets its own).
config="$work/config.json"
cat >"$config" <<EOF
{"architecture":"$oci_arch","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"Env":["PATH=$JAVA_DIR/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=$JAVA_DIR","LANG=C.UTF-8"],
  "User":"$NONROOT_UID:$NONROOT_UID","WorkingDir":"/"},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"infrastructure/image/make-base.sh: jlink $MODULES; ${PACKAGES[*]}"}]}
EOF
config_id=$(sha256sum "$config" | cut -d' ' -f1)

# The `docker save` layout: manifest.json naming the config and the layers, each a file in the tar.
pack="$work/pack"
mkdir -p "$pack/$diff_id"
mv "$layer" "$pack/$diff_id/layer.tar"
mv "$config" "$pack/$config_id.json"
printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]\n' "$config_id" "$BASE_TAG" "$diff_id" \
  >"$pack/manifest.json"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$pack" -cf "$OUT_DIR/base.tar" \
  manifest.json "$config_id.json" "$diff_id"
rm -rf "$work"

echo "base image $BASE_TAG: $OUT_DIR/base.tar ($(du -h "$OUT_DIR/base.tar" | cut -f1), layer sha256:${diff_id:0:12})"
echo "build on it: ./mvnw -Pimage package -Dimage.base=tar://$OUT_DIR/base.tar"
