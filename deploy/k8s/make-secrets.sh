#!/usr/bin/env bash
# Creates the files from which an overlay's secretGenerator and configMapGenerator make the Secrets and the trust
# anchors' ConfigMap that the services read (deploy/k8s/README.md lists them), under overlays/OVERLAY/secrets/
# (ignored by git). Files that exist are kept: run it again after adding one, never to rotate by accident.
#
#   deploy/k8s/make-secrets.sh dev|prod
#
# Generated: the platform's key pairs (ksef.keys.dir), the CA of KSeF certificates, the tokens' signing key pair,
# the UPO signing key pair, the UPO download secret, the availability operator key and, unless given, a self-signed
# TLS certificate. From the environment when set (dev gets placeholders, prod refuses to go on without them):
#   KSEF_HOST                        the public host name (TLS certificate), default ksef-hub.example.com
#   KSEF_TLS_CERT, KSEF_TLS_KEY      PEM files of the TLS certificate and key
#   KSEF_TRUST_ANCHORS               PEM bundle of the CAs whose certificates may sign XAdES logins (in prod the
#                                    qualified CAs of the EU trusted lists); dev: the generated KSeF CA
#   KSEF_MAILER_USERNAME, KSEF_MAILER_PASSWORD      the SMTP server's credentials
#   KSEF_BACKUP_ACCESS_KEY_ID, KSEF_BACKUP_SECRET_ACCESS_KEY   the object store of the database backups
set -euo pipefail

overlay="${1:?usage: make-secrets.sh dev|prod}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="$here/overlays/$overlay/secrets"
[[ -d "$here/overlays/$overlay" ]] || { echo "no overlay $overlay" >&2; exit 1; }
mkdir -p "$dir/platform-keys"
umask 077

# key pair NAME CN [ca]: RSA-2048 and a self-signed certificate, as CertificateFiles generates them.
key_pair() {
    local base="$1" cn="$2" ca="${3:-}"
    [[ -f "$base.key.pem" && -f "$base.crt.pem" ]] && return
    local ext=(-addext "basicConstraints=critical,CA:FALSE")
    [[ -n "$ca" ]] && ext=(-addext "basicConstraints=critical,CA:TRUE,pathlen:0"
                           -addext "keyUsage=critical,keyCertSign,cRLSign")
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$([[ -n "$ca" ]] && echo 3650 || echo 730)" \
        -subj "/CN=$cn/O=ksef-hub/C=PL" "${ext[@]}" -keyout "$base.key.pem" -out "$base.crt.pem" 2>/dev/null
}
random() { [[ -f "$1" ]] || openssl rand -base64 48 | tr -d '\n' > "$1"; }
from_env() {
    local file="$1" variable="$2" placeholder="$3"
    [[ -f "$file" ]] && return
    if [[ -n "${!variable:-}" ]]; then
        printf '%s' "${!variable}" > "$file"
    elif [[ "$overlay" == dev ]]; then
        printf '%s' "$placeholder" > "$file"
    else
        echo "make-secrets.sh $overlay: set $variable" >&2
        exit 1
    fi
}

key_pair "$dir/platform-keys/ksef-token-encryption" "ksef-hub KsefTokenEncryption"
key_pair "$dir/platform-keys/symmetric-key-encryption" "ksef-hub SymmetricKeyEncryption"
key_pair "$dir/platform-keys/certificate-authority" "ksef-hub certificate authority" ca
key_pair "$dir/token-signing" "ksef-hub token signing"
key_pair "$dir/upo-signing" "ksef-hub UPO signing"
random "$dir/upo-download-secret"
random "$dir/availability-operator-key"
from_env "$dir/mailer-username" KSEF_MAILER_USERNAME ksef-hub
from_env "$dir/mailer-password" KSEF_MAILER_PASSWORD dev-only-password
from_env "$dir/backup-access-key-id" KSEF_BACKUP_ACCESS_KEY_ID dev-only-key-id
from_env "$dir/backup-secret-access-key" KSEF_BACKUP_SECRET_ACCESS_KEY dev-only-secret

if [[ ! -f "$dir/trust-anchors.pem" ]]; then
    if [[ -n "${KSEF_TRUST_ANCHORS:-}" ]]; then
        cp "$KSEF_TRUST_ANCHORS" "$dir/trust-anchors.pem"
    elif [[ "$overlay" == dev ]]; then
        cp "$dir/platform-keys/certificate-authority.crt.pem" "$dir/trust-anchors.pem"
    else
        echo "make-secrets.sh $overlay: set KSEF_TRUST_ANCHORS to the PEM bundle of trusted CAs" >&2
        exit 1
    fi
fi
if [[ ! -f "$dir/tls.crt" ]]; then
    if [[ -n "${KSEF_TLS_CERT:-}" ]]; then
        cp "$KSEF_TLS_CERT" "$dir/tls.crt" && cp "${KSEF_TLS_KEY:?KSEF_TLS_KEY with KSEF_TLS_CERT}" "$dir/tls.key"
    else
        host="${KSEF_HOST:-ksef-hub.example.com}"
        openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 365 -subj "/CN=$host" \
            -addext "subjectAltName=DNS:$host" -keyout "$dir/tls.key" -out "$dir/tls.crt" 2>/dev/null
    fi
fi
echo "secrets of overlay $overlay in $dir"
