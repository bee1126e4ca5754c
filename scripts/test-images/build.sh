#!/usr/bin/env bash
# Builds the local Docker images the scanner's integration and end-to-end tests scan.
# There is no registry to pull from, so every image is made here from files and `docker import`.
#
# Needs (Debian 12): docker.io, rpm (rpmbuild, rpmsign), debootstrap, gnupg, plus tar, gzip, awk
# and sed from the base system. No extra apt package is needed beyond the CI list.
#
# Usage: scripts/test-images/build.sh            build the images that are missing
#        FORCE=1 scripts/test-images/build.sh    rebuild all of them
#        scripts/test-images/build.sh debian12   only the named images
# Env:   DEBIAN_MIRROR  Debian mirror for debootstrap; default: the bookworm URI of the apt sources
#
# Images (tag image-scanner-test/NAME:1, label org.image-scanner.test=1):
#   debian12        real Debian 12 minbase (debootstrap), runnable (CMD sleep infinity)
#   rhel7like       RHEL 7.9-like root: release files and a sqlite rpm database with the packages of
#                   tests/fixtures/rhel7like/packages.tsv, built empty and signed with a test key
#   no-pkgdb        Debian 12 release files but no dpkg status: a scan must be an error
#   unknown-os      os-release of a distro without a feed: a scan must be "unsupported"
#   symlink-escape  os-release and dpkg status are absolute links to host paths, plus a link loop
#   debian12-srcname  debian12 plus image-scanner-srcname-bin 1.0-1+b1, built from the differently
#                   named source image-scanner-srcname-src (dpkg status "Source:" field)
#
# The rpm signing key is made afresh whenever rhel7like is built. Its 16-hex key id is stored in
# the image label org.image-scanner.test.rpm-signing-key-id and written to
# .cache/test-images/rpm-signing-key-id (repo root), where tests/fixtures/feeds/derive-feeds.ts
# reads it. When the image is kept, the file is rewritten from the label, so both always agree.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/../.." && pwd)"
packages_tsv="$repo_root/tests/fixtures/rhel7like/packages.tsv"
cache_dir="$repo_root/.cache/test-images"
key_id_file="$cache_dir/rpm-signing-key-id"

prefix="image-scanner-test"
tag="1"
test_label="org.image-scanner.test=1"
key_label="org.image-scanner.test.rpm-signing-key-id"
all_images=(debian12 rhel7like no-pkgdb unknown-os symlink-escape debian12-srcname)

work="$(mktemp -d "${TMPDIR:-/tmp}/image-scanner-test-images.XXXXXX")"
# debootstrap leaves root-owned files and mounts nothing here; a plain rm is enough.
trap 'rm -rf "$work"' EXIT

log() { printf '%s\n' "$*" >&2; }

# Runs a noisy tool with its output kept aside, shown only when it fails.
quietly() {
  if ! "$@" >"$work/quietly.log" 2>&1; then
    cat "$work/quietly.log" >&2
    log "failed: $*"
    return 1
  fi
}

image_ref() { printf '%s/%s:%s' "$prefix" "$1" "$tag"; }

image_exists() { docker image inspect "$(image_ref "$1")" >/dev/null 2>&1; }

print_image() {
  local ref size
  ref="$(image_ref "$1")"
  size="$(docker image inspect --format '{{.Size}}' "$ref")"
  printf '%-40s %s %s\n' "$ref" "$(docker image inspect --format '{{.Id}}' "$ref")" \
    "$(awk -v s="$size" 'BEGIN { printf "%.1fMB", s / 1000000 }')"
}

# Imports a root directory as an image. Extra --change arguments may follow. The image that held
# the tag before is removed so FORCE=1 does not pile up dangling images (kept if in use).
import_root() {
  local name="$1" root="$2" old new
  shift 2
  old="$(docker image inspect --format '{{.Id}}' "$(image_ref "$name")" 2>/dev/null || true)"
  # --numeric-owner: the ids in the image must be the root's own, not mapped through host names.
  tar -C "$root" --numeric-owner -c . |
    docker import --change "LABEL $test_label" "$@" - "$(image_ref "$name")" >/dev/null
  new="$(docker image inspect --format '{{.Id}}' "$(image_ref "$name")")"
  if [[ -n "$old" && "$old" != "$new" ]]; then
    docker image rm "$old" >/dev/null 2>&1 || true
  fi
}

# The bookworm (not bookworm-security/-updates) URI of the apt sources, deb822 or one-line form.
debian_mirror() {
  if [[ -n "${DEBIAN_MIRROR:-}" ]]; then
    printf '%s\n' "$DEBIAN_MIRROR"
    return
  fi
  local uri=""
  shopt -s nullglob
  local sources=(/etc/apt/sources.list.d/*.sources)
  local lists=(/etc/apt/sources.list /etc/apt/sources.list.d/*.list)
  shopt -u nullglob
  if ((${#sources[@]})); then
    # deb822 stanzas are separated by blank lines; pick the first "deb" stanza whose Suites has
    # exactly "bookworm".
    # Files are joined with a blank line between them (mawk has no ENDFILE).
    uri="$(for f in "${sources[@]}"; do cat "$f"; echo; done | awk '
      function flush() {
        if (!found && types ~ /(^| )deb( |$)/ && suites ~ /(^| )bookworm( |$)/) {
          split(uris, u, " "); print u[1]; found = 1
        }
        types = ""; suites = ""; uris = ""
      }
      /^[ \t]*$/ { flush(); next }
      /^[ \t]*#/ { next }
      tolower($1) == "types:" { $1 = ""; types = $0 " " }
      tolower($1) == "suites:" { $1 = ""; suites = $0 " " }
      tolower($1) == "uris:" { $1 = ""; uris = $0 }
      END { flush() }
    ')"
  fi
  if [[ -z "$uri" && ${#lists[@]} -gt 0 ]]; then
    uri="$(awk '
      $1 == "deb" {
        i = 2
        if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
        if ($(i + 1) == "bookworm") { print $i; exit }
      }
    ' "${lists[@]}" 2>/dev/null || true)"
  fi
  uri="$(printf '%s' "$uri" | head -n 1 | tr -d ' ')"
  if [[ -z "$uri" ]]; then
    log "no bookworm URI in the apt sources; set DEBIAN_MIRROR"
    return 1
  fi
  printf '%s\n' "$uri"
}

debian12_os_release() {
  cat <<'EOF'
PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
EOF
}

build_debian12() {
  local root="$work/debian12" mirror
  mirror="$(debian_mirror)"
  log "debian12: debootstrap --variant=minbase bookworm from $mirror"
  debootstrap --variant=minbase bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 || {
    tail -n 30 "$work/debootstrap.log" >&2
    return 1
  }
  # The package cache is not part of a base image and only makes it bigger.
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*_Packages
  import_root debian12 "$root" --change 'CMD ["sleep","infinity"]'
}

# One spec per package: an empty package with the real name, epoch, version, release and arch.
# redhat-release-server also carries the release files it owns on RHEL 7.9.
write_spec() {
  local name="$1" epoch="$2" version="$3" release="$4" arch="$5" spec="$6"
  {
    printf 'Name: %s\nVersion: %s\nRelease: %s\n' "$name" "$version" "$release"
    if [[ "$epoch" != "-" ]]; then printf 'Epoch: %s\n' "$epoch"; fi
    if [[ "$arch" == "noarch" ]]; then printf 'BuildArch: noarch\n'; fi
    printf 'Summary: image-scanner test stand-in for %s\n' "$name"
    printf 'License: Apache-2.0\nVendor: image-scanner tests\nAutoReqProv: no\n'
    printf '%%description\nEmpty stand-in used by the image-scanner tests.\n'
    if [[ "$name" == "redhat-release-server" ]]; then
      cat <<'EOF'
%install
mkdir -p %{buildroot}/etc %{buildroot}/usr/lib
echo 'Red Hat Enterprise Linux Server release 7.9 (Maipo)' > %{buildroot}/etc/redhat-release
ln -s redhat-release %{buildroot}/etc/system-release
echo 'cpe:/o:redhat:enterprise_linux:7.9:ga:server' > %{buildroot}/etc/system-release-cpe
ln -s ../usr/lib/os-release %{buildroot}/etc/os-release
cat > %{buildroot}/usr/lib/os-release <<'OSR'
NAME="Red Hat Enterprise Linux Server"
VERSION="7.9 (Maipo)"
ID="rhel"
ID_LIKE="fedora"
VARIANT="Server"
VARIANT_ID="server"
VERSION_ID="7.9"
PRETTY_NAME="Red Hat Enterprise Linux Server 7.9 (Maipo)"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:redhat:enterprise_linux:7.9:GA:server"
HOME_URL="https://www.redhat.com/"
BUG_REPORT_URL="https://bugzilla.redhat.com/"

REDHAT_BUGZILLA_PRODUCT="Red Hat Enterprise Linux 7"
REDHAT_BUGZILLA_PRODUCT_VERSION=7.9
REDHAT_SUPPORT_PRODUCT="Red Hat Enterprise Linux"
REDHAT_SUPPORT_PRODUCT_VERSION="7.9"
OSR
%files
/etc/redhat-release
/etc/system-release
/etc/system-release-cpe
/etc/os-release
/usr/lib/os-release
EOF
    else
      printf '%%files\n'
    fi
  } >"$spec"
}

build_rhel7like() {
  local top="$work/rpmbuild" root="$work/rhel7like" gnupg="$work/gnupg" fpr key_id
  mkdir -p "$top/SPECS" "$root" "$cache_dir"
  mkdir -m 700 "$gnupg"

  # A throwaway key: its id replaces Red Hat's 199e2f91fd431d51 in the derived feed, so the
  # "signed with Red Hat redhatrelease2 key" criteria hold for these packages only.
  quietly env GNUPGHOME="$gnupg" gpg --batch --passphrase '' --quick-gen-key \
    'image-scanner test rpm signing key <rpm-signing@image-scanner.invalid>' rsa2048 sign never
  fpr="$(GNUPGHOME="$gnupg" gpg --batch --trust-model always --with-colons --list-secret-keys |
    awk -F: '$1 == "fpr" { print $10; exit }')"
  key_id="$(printf '%s' "${fpr: -16}" | tr 'A-F' 'a-f')"

  local name epoch version release arch why
  local -a rpms=()
  while IFS=$'\t' read -r name epoch version release arch why; do
    [[ -z "$name" || "$name" == \#* ]] && continue
    write_spec "$name" "$epoch" "$version" "$release" "$arch" "$top/SPECS/$name.spec"
    # --target keeps the arch of the table even on a non-x86_64 build host.
    quietly rpmbuild -bb --target "$arch" \
      --define "_topdir $top" \
      --define '_build_id_links none' \
      --define 'debug_package %{nil}' \
      --define '__os_install_post %{nil}' \
      "$top/SPECS/$name.spec"
    rpms+=("$top/RPMS/$arch/$name-$version-$release.$arch.rpm")
  done <"$packages_tsv"

  # Debian's rpm macros name gpg2, which the gnupg package no longer ships: name gpg itself.
  # --rpmv3 adds the header+payload signature (SIGPGP) next to the header-only one: oscap
  # 1.3.7's rpminfo probe reads its signature_keyid from SIGGPG/SIGPGP only, and real RHEL 7
  # packages carry both. Without it every "signed with" criterion is silently false.
  quietly rpmsign --define "__gpg $(command -v gpg)" --define "_gpg_path $gnupg" \
    --define "_gpg_name $fpr" --addsign --rpmv3 "${rpms[@]}"

  # Debian's rpm would compute the database path with a shell inside the root; name it instead.
  quietly rpm --root "$root" --dbpath /var/lib/rpm --initdb
  quietly rpm --root "$root" --dbpath /var/lib/rpm -i --nodeps --noscripts --ignorearch \
    --ignoreos --nosignature "${rpms[@]}"
  rm -f "$root/var/lib/rpm/.rpm.lock"
  mkdir -p "$root/tmp" "$root/root"
  chmod 1777 "$root/tmp"

  import_root rhel7like "$root" --change "LABEL $key_label=$key_id" \
    --change 'CMD ["/bin/sh"]'
  printf '%s\n' "$key_id" >"$key_id_file"
}

build_no_pkgdb() {
  local root="$work/no-pkgdb"
  mkdir -p "$root/etc" "$root/var/lib/dpkg" "$root/usr/lib" "$root/tmp"
  debian12_os_release >"$root/usr/lib/os-release"
  ln -s ../usr/lib/os-release "$root/etc/os-release"
  echo '12.8' >"$root/etc/debian_version"
  echo 'no-pkgdb' >"$root/etc/hostname"
  # An empty dpkg directory (no status file) is the hard case: it looks like dpkg is there.
  : >"$root/var/lib/dpkg/available"
  import_root no-pkgdb "$root" --change 'CMD ["/bin/sh"]'
}

build_unknown_os() {
  local root="$work/unknown-os"
  mkdir -p "$root/etc" "$root/tmp"
  cat >"$root/etc/os-release" <<'EOF'
NAME="ExampleOS"
ID=exampleos
VERSION_ID="1.0"
PRETTY_NAME="ExampleOS 1.0"
HOME_URL="https://exampleos.invalid/"
EOF
  echo 'unknown-os' >"$root/etc/hostname"
  import_root unknown-os "$root" --change 'CMD ["/bin/sh"]'
}

build_symlink_escape() {
  local root="$work/symlink-escape"
  mkdir -p "$root/etc" "$root/var/lib/dpkg" "$root/usr/lib" "$root/tmp"
  echo '12.8' >"$root/etc/debian_version"
  # Absolute links: resolved on the host they reach the canary files a test may create there.
  ln -s /tmp/image-scanner-canary/os-release "$root/etc/os-release"
  ln -s /tmp/image-scanner-canary/status "$root/var/lib/dpkg/status"
  # A relative loop where a scanner falls back when /etc/os-release is unusable.
  ln -s ../../etc/loop-a "$root/usr/lib/os-release"
  ln -s loop-b "$root/etc/loop-a"
  ln -s loop-a "$root/etc/loop-b"
  import_root symlink-escape "$root" --change 'CMD ["/bin/sh"]'
}

# debian12 plus one binary package whose source package has another name, as most Debian
# binaries do (libc6 from glibc): Debian's OVAL names sources, dpkg lists binaries. The .deb is
# made here with dpkg-deb and installed with the image's own dpkg (no network needed).
build_debian12_srcname() {
  local dir="$work/srcname" pkg="$work/srcname/pkg"
  image_exists debian12 || build_debian12
  mkdir -p "$pkg/DEBIAN" "$pkg/usr/share/doc/image-scanner-srcname-bin"
  cat >"$pkg/DEBIAN/control" <<'EOF'
Package: image-scanner-srcname-bin
Source: image-scanner-srcname-src (1.0-1)
Version: 1.0-1+b1
Architecture: all
Maintainer: image-scanner tests <tests@image-scanner.invalid>
Description: image-scanner test binary built from a differently named source package
EOF
  echo 'image-scanner test package' >"$pkg/usr/share/doc/image-scanner-srcname-bin/README"
  quietly dpkg-deb --root-owner-group --build "$pkg" "$dir/srcname.deb"
  cat >"$dir/Dockerfile" <<EOF
FROM $(image_ref debian12)
COPY srcname.deb /tmp/srcname.deb
RUN dpkg -i /tmp/srcname.deb && rm /tmp/srcname.deb
LABEL $test_label
EOF
  quietly docker build -t "$(image_ref debian12-srcname)" "$dir"
}

main() {
  local -a wanted=("$@")
  ((${#wanted[@]})) || wanted=("${all_images[@]}")
  mkdir -p "$cache_dir"
  local name
  for name in "${wanted[@]}"; do
    case " ${all_images[*]} " in
      *" $name "*) ;;
      *) log "unknown image: $name (known: ${all_images[*]})"; return 2 ;;
    esac
    if [[ "${FORCE:-0}" != 1 ]] && image_exists "$name"; then
      if [[ "$name" == rhel7like ]]; then
        docker image inspect --format "{{index .Config.Labels \"$key_label\"}}" \
          "$(image_ref rhel7like)" >"$key_id_file"
      fi
    else
      "build_${name//-/_}"
    fi
    print_image "$name"
  done
}

main "$@"
