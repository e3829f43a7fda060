#!/usr/bin/env bash
# Offline checks of infra/: formatting, init, validate, and the mock-provider tests in infra/tests/*.tftest.hcl.
# Uses `tofu` when installed, else `terraform`. When a provider mirror exists (PICKUP_TF_PLUGIN_MIRROR, default
# /opt/tf-plugins, the folder holding registry.terraform.io/), providers come from it instead of the registry.
set -euo pipefail
cd "$(dirname "$0")/.."

TF=$(command -v tofu || command -v terraform) || {
  echo "infra_check: neither tofu nor terraform is on PATH (docs/deploy.md, Prerequisites)." >&2
  if [ -n "${CI:-}" ]; then exit 1; fi
  echo "infra_check: SKIPPED the OpenTofu checks on this machine; install OpenTofu 1.8+ to run them." >&2
  exit 0
}

MIRROR=${PICKUP_TF_PLUGIN_MIRROR:-/opt/tf-plugins}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
if [ -d "$MIRROR/registry.terraform.io" ]; then
  # OpenTofu resolves hashicorp/aws on registry.opentofu.org: the same provider files serve both host names.
  # Directories are recreated (Terraform does not follow symlinked directories); files are linked, not copied.
  mkdir -p "$WORK/mirror"
  for host in registry.terraform.io registry.opentofu.org; do
    cp -rs "$(cd "$MIRROR" && pwd)/registry.terraform.io" "$WORK/mirror/$host"
  done
  printf 'provider_installation {\n  filesystem_mirror {\n    path = "%s"\n  }\n}\n' "$WORK/mirror" >"$WORK/cli.tfrc"
  export TF_CLI_CONFIG_FILE="$WORK/cli.tfrc"
  echo "infra_check: providers from the mirror at $MIRROR"
fi
export TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1

started=$SECONDS
echo "infra_check: $("$TF" version | head -n1)"
"$TF" -chdir=infra fmt -check -recursive -diff
# A scratch copy keeps infra/ free of .terraform/ and a mirror-made lock file.
mkdir "$WORK/infra"
tar -C infra --exclude=.terraform --exclude=.terraform.lock.hcl --exclude='*.tfstate*' -cf - . | tar -C "$WORK/infra" -xf -
"$TF" -chdir="$WORK/infra" init -backend=false -input=false -no-color >"$WORK/init.log" || { cat "$WORK/init.log" >&2; exit 1; }
"$TF" -chdir="$WORK/infra" validate -no-color
"$TF" -chdir="$WORK/infra" test -no-color
echo "infra_check: passed in $((SECONDS - started))s"
