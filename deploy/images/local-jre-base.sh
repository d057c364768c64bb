#!/usr/bin/env bash
# Assembles a JRE base image from what this machine has, for building the images where no container registry is
# reachable: a jlink runtime of the JDK that runs the build, plus the shared libraries it links against (the C
# library, zlib, libstdc++, libgcc_s: files of installed Debian packages, found with ldd), an /etc/passwd with the
# non-root user 10001 and a /tmp. Written as a `docker save` tarball, which Jib reads as a base (tar://FILE).
#
#   deploy/images/local-jre-base.sh OUT.tar
#
# Deterministic for a given JDK and set of libraries: files are sorted, owned by 0:0, dated 1970.
set -euo pipefail

out="${1:?usage: local-jre-base.sh OUT.tar}"
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
[[ -d "$java_home/jmods" ]] || { echo "no jmods in $java_home: jlink needs a full JDK" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root/etc" "$root/tmp" "$(dirname "$out")"
chmod 1777 "$root/tmp"

# The modules the Quarkus services and the edge need (java.se covers JDBC, JNDI, JMX, XML, XML signatures, JFR
# streaming aside); jdk.* ones for Netty (unsupported), TLS curves, DNS and management beans.
modules=java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.naming.dns,jdk.management,jdk.zipfs
"$java_home/bin/jlink" --add-modules "$modules,jdk.localedata" --include-locales en,pl \
    --strip-debug --no-header-files --no-man-pages --compress=2 --output "$root/opt/java"

# Every shared library that the runtime's executables and libraries load, from the machine's own (Debian) files;
# not those of AWT's X11, sound, splash screen and font rendering, which a headless server never loads.
find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) \
        ! -name 'libawt_xawt.so' ! -name 'libsplashscreen.so' ! -name 'libjsound.so' ! -name 'libfontmanager.so' \
        ! -name 'liblcms.so' ! -name 'libjavajpeg.so' ! -name 'libjawt.so' -print0 \
    | xargs -0 ldd 2>/dev/null | awk '/=> \//{print $3} /^\s*\/lib/{print $1}' | sort -u > "$work/libs"
echo /lib64/ld-linux-x86-64.so.2 >> "$work/libs"
while read -r lib; do
    [[ "$lib" == "$root"* ]] && continue
    real="$(readlink -f "$lib")"
    mkdir -p "$root$(dirname "$lib")" "$root$(dirname "$real")"
    cp -n "$real" "$root$real"
    [[ "$real" == "$lib" ]] || ln -sf "$real" "$root$lib"
done < <(sort -u "$work/libs")
# Name-service and DNS modules that glibc loads at run time (getpwuid, getaddrinfo), not seen by ldd.
for lib in /lib/x86_64-linux-gnu/libnss_files.so.2 /lib/x86_64-linux-gnu/libnss_dns.so.2 \
           /lib/x86_64-linux-gnu/libresolv.so.2; do
    [[ -e "$lib" ]] && cp -n "$(readlink -f "$lib")" "$root$lib"
done
# /lib64 and /lib are the loader's own paths on Debian (usrmerge: /lib -> usr/lib).
printf 'root:x:0:0:root:/root:/sbin/nologin\nksef:x:10001:10001:ksef-hub:/tmp:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\nksef:x:10001:\n' > "$root/etc/group"
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"

tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$root" -cf "$work/layer.tar" .
diff_id="sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)"
java_version="$("$root/opt/java/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p')"
packages="$( { cat "$work/libs"; xargs -r readlink -f < "$work/libs"; } | sort -u | xargs -r dpkg -S 2>/dev/null \
    | cut -d: -f1 | sort -u | paste -sd, - || true)"
cat > "$work/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"User":"10001","Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],
   "Labels":{"org.opencontainers.image.title":"ksef-hub local JRE base","pl.ksefhub.java.version":"$java_version",
     "pl.ksefhub.debian.packages":"$packages"}},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"deploy/images/local-jre-base.sh"}]}
JSON
config_name="$(sha256sum "$work/config.json" | cut -d' ' -f1).json"
mv "$work/config.json" "$work/$config_name"
printf '[{"Config":"%s","RepoTags":["ksef-hub/local-jre:%s"],"Layers":["layer.tar"]}]\n' \
    "$config_name" "$java_version" > "$work/manifest.json"
tar --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$work" -cf "$out.tmp" manifest.json "$config_name" layer.tar
mv "$out.tmp" "$out"
echo "local JRE base image (Java $java_version, $packages): $out"
