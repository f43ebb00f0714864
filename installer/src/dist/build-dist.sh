#!/usr/bin/env bash
# Makes the technician's packages from a built installer/target (see `./clinicnode dist` and README):
#   dist/clinicnode-VERSION-linux-x64.tar.gz   a self-contained directory (runtime, jars, launcher, unit, examples)
#   dist/clinicnode_VERSION_amd64.deb          the same under /opt/clinicnode, the unit, /usr/bin/clinicnode, the user
# Both carry a jlink'd Java runtime, so the box needs no Java. Usage: build-dist.sh REPO_DIR (JAVA_HOME set, JDK 23+).
set -euo pipefail
# Whatever the caller's umask, the packaged files must be readable by the service user.
umask 022
repo="$1"
target="$repo/installer/target"
src="$repo/installer/src/dist"
out="$repo/dist"
version="$(cat "$target/classes/io/clinicnode/installer/version.txt")"
# Debian sorts 0.1.0~SNAPSHOT before 0.1.0; a hyphen would be read as a Debian revision.
deb_version="${version//-/\~}"
# The modules the node uses (checked with `jdeps --print-module-deps` on the jars, which also needs the JVM flags'
# --add-modules=java.se), plus what it loads by name at run time: EC TLS (jdk.crypto.ec), pt-BR locale data
# (jdk.localedata), Unsafe for Chronicle and Hazelcast (jdk.unsupported), DNS lookups, zip file systems, JFR.
modules="java.se,jdk.unsupported,jdk.management,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.localedata,jdk.charsets,jdk.zipfs,jdk.naming.dns,jdk.net,jdk.jfr,jdk.management.jfr"
started=$(date +%s.%N)

app_name="clinicnode-$version"
stage="$out/build"
rm -rf "$stage"
mkdir -p "$stage/$app_name/bin" "$stage/$app_name/lib" "$stage/$app_name/share"
app="$stage/$app_name"

echo "jlink: $modules" >&2
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=zip-6 \
    --output "$app/runtime"
cp "$target/clinicnode.jar" "$app/clinicnode.jar"
cp "$target"/lib/*.jar "$app/lib/"
flags="$(cat "$target/classes/io/clinicnode/installer/process/jvm-flags.txt")"
sed "s|@JVM_FLAGS@|$flags|" "$src/launcher.sh" > "$app/bin/clinicnode"
chmod 755 "$app/bin/clinicnode"
cp "$src/clinicnode.service" "$src/clinicnode-backup.service" "$src/clinicnode-backup.timer" "$src/clinicnode.yaml.example" "$app/share/"
cp "$src/default.env" "$app/share/clinicnode.default"
cp "$repo/docs/OPERATIONS.md" "$app/share/OPERATIONS.md"

mkdir -p "$out"
tarball="$out/clinicnode-$version-linux-x64.tar.gz"
tar -C "$stage" --owner=0 --group=0 -czf "$tarball" "$app_name"

deb_root="$stage/deb"
mkdir -p "$deb_root/opt" "$deb_root/usr/bin" "$deb_root/lib/systemd/system" "$deb_root/etc/default" "$deb_root/DEBIAN"
cp -a "$app" "$deb_root/opt/clinicnode"
ln -s /opt/clinicnode/bin/clinicnode "$deb_root/usr/bin/clinicnode"
cp "$src/clinicnode.service" "$src/clinicnode-backup.service" "$src/clinicnode-backup.timer" "$deb_root/lib/systemd/system/"
cp "$src/default.env" "$deb_root/etc/default/clinicnode"
installed_kb=$(du -sk "$deb_root" | cut -f1)
sed -e "s|@DEB_VERSION@|$deb_version|" -e "s|@INSTALLED_KB@|$installed_kb|" "$src/debian/control" > "$deb_root/DEBIAN/control"
install -m 755 "$src/debian/postinst" "$src/debian/prerm" "$src/debian/postrm" "$deb_root/DEBIAN/"
cp "$src/debian/conffiles" "$deb_root/DEBIAN/conffiles"
deb="$out/clinicnode_${version}_amd64.deb"
dpkg-deb --root-owner-group -Zxz --build "$deb_root" "$deb" >/dev/null

elapsed=$(echo "$(date +%s.%N) - $started" | bc)
echo "Built $tarball ($(du -h "$tarball" | cut -f1)) and $deb ($(du -h "$deb" | cut -f1)); runtime $(du -sh "$app/runtime" | cut -f1), installed $((installed_kb / 1024)) MiB; packaging took ${elapsed%.*} s"
