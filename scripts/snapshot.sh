#!/usr/bin/env bash
# Writes a keyaki snapshot ("CLI-dir", docs/formats.md) of the current AWS account with the AWS
# CLI: the unmodified JSON output of each read-only command, one file per command.
#
#   scripts/snapshot.sh OUT_DIR [REGION ...]      (default: the regions enabled in the account)
#
# Needs AWS CLI v2 and credentials allowed to read the account (the AWS managed policies
# SecurityAudit and ViewOnlyAccess suffice). Commands that fail (a service not enabled, a
# resource without a policy) are reported on standard error and skipped; keyaki treats a
# missing file as "unknown", never as "compliant".
set -uo pipefail

out=${1:?usage: scripts/snapshot.sh OUT_DIR [REGION ...]}
shift
mkdir -p "$out"
export AWS_PAGER=""

failures=0
# save FILE aws-args...: runs `aws ARGS --output json` and writes FILE only on success.
save() {
  local file=$1
  shift
  mkdir -p "$(dirname "$file")"
  if aws "$@" --output json >"$file.tmp" 2>"$file.err"; then
    mv "$file.tmp" "$file"
    rm -f "$file.err"
  else
    echo "skipped: aws $* ($(head -c 200 "$file.err" | tr '\n' ' '))" >&2
    rm -f "$file.tmp" "$file.err"
    failures=$((failures + 1))
  fi
}
# save_or_empty FILE ERROR aws-args...: as save, but writes {} when the command fails with
# ERROR, the error AWS gives for a setting that is absent (a bucket without a lifecycle).
save_or_empty() {
  local file=$1 absent=$2
  shift 2
  mkdir -p "$(dirname "$file")"
  if aws "$@" --output json >"$file.tmp" 2>"$file.err"; then
    mv "$file.tmp" "$file"
  elif grep -q "$absent" "$file.err"; then
    echo '{}' >"$file"
    rm -f "$file.tmp"
  else
    echo "skipped: aws $* ($(head -c 200 "$file.err" | tr '\n' ' '))" >&2
    rm -f "$file.tmp"
    failures=$((failures + 1))
  fi
  rm -f "$file.err"
}
# Folder names for per-resource commands: the resource id with / and : percent-encoded.
enc() { local s=${1//%/%25}; s=${s//\//%2F}; printf '%s' "${s//:/%3A}"; }
# ids QUERY aws-args...: prints the values selected by QUERY, one per line.
ids() { local q=$1; shift; aws "$@" --query "$q" --output text 2>/dev/null | tr '\t' '\n' | grep -v '^None$' | grep -v '^$'; }

save "$out/account.json" sts get-caller-identity

g="$out/global"
save "$g/iam/get-account-authorization-details.json" iam get-account-authorization-details
save "$g/iam/get-account-password-policy.json" iam get-account-password-policy
save "$g/iam/get-account-summary.json" iam get-account-summary
save "$g/iam/list-virtual-mfa-devices.json" iam list-virtual-mfa-devices
save "$g/iam/list-server-certificates.json" iam list-server-certificates
aws iam generate-credential-report >/dev/null 2>&1
for _ in 1 2 3 4 5 6 7 8 9 10; do
  if aws iam get-credential-report --query Content --output text 2>/dev/null | base64 -d >"$g/iam/credential-report.csv" 2>/dev/null && [ -s "$g/iam/credential-report.csv" ]; then break; fi
  sleep 2
done

save "$g/organizations/describe-organization.json" organizations describe-organization
if [ -f "$g/organizations/describe-organization.json" ]; then
  save "$g/organizations/list-roots.json" organizations list-roots
  save "$g/organizations/list-accounts.json" organizations list-accounts
  for type in SERVICE_CONTROL_POLICY RESOURCE_CONTROL_POLICY; do
    save "$g/organizations/list-policies-$type.json" organizations list-policies --filter "$type"
    for id in $(ids 'Policies[].Id' organizations list-policies --filter "$type"); do
      save "$g/organizations/$id/describe-policy.json" organizations describe-policy --policy-id "$id"
      save "$g/organizations/$id/list-targets-for-policy.json" organizations list-targets-for-policy --policy-id "$id"
    done
  done
  # The OU tree, breadth first from the roots.
  parents=$(ids 'Roots[].Id' organizations list-roots)
  while [ -n "$parents" ]; do
    next=""
    for p in $parents; do
      save "$g/organizations/$p/list-organizational-units-for-parent.json" organizations list-organizational-units-for-parent --parent-id "$p"
      save "$g/organizations/$p/list-accounts-for-parent.json" organizations list-accounts-for-parent --parent-id "$p"
      next="$next $(ids 'OrganizationalUnits[].Id' organizations list-organizational-units-for-parent --parent-id "$p")"
    done
    parents=$(echo $next)
  done
fi

save "$g/s3/list-buckets.json" s3api list-buckets
save "$g/s3control/get-public-access-block.json" s3control get-public-access-block --account-id "$(aws sts get-caller-identity --query Account --output text)"
for b in $(ids 'Buckets[].Name' s3api list-buckets); do
  for cmd in get-bucket-policy get-bucket-acl get-public-access-block get-bucket-encryption get-bucket-versioning get-bucket-logging get-bucket-location get-bucket-notification-configuration; do
    save "$g/s3/$(enc "$b")/$cmd.json" s3api "$cmd" --bucket "$b"
  done
  save_or_empty "$g/s3/$(enc "$b")/get-bucket-lifecycle-configuration.json" NoSuchLifecycleConfiguration \
    s3api get-bucket-lifecycle-configuration --bucket "$b"
done

regions=("$@")
if [ ${#regions[@]} -eq 0 ]; then
  read -r -a regions <<<"$(ids 'Regions[].RegionName' ec2 describe-regions)"
fi

for r in "${regions[@]}"; do
  d="$out/$r"
  for cmd in describe-vpcs describe-subnets describe-route-tables describe-internet-gateways \
    describe-egress-only-internet-gateways describe-nat-gateways describe-security-groups \
    describe-network-acls describe-network-interfaces describe-instances describe-addresses \
    describe-managed-prefix-lists describe-vpc-endpoints describe-vpc-peering-connections \
    describe-transit-gateways describe-transit-gateway-attachments \
    describe-transit-gateway-vpc-attachments describe-transit-gateway-route-tables \
    describe-flow-logs get-ebs-encryption-by-default describe-volumes describe-vpn-connections; do
    save "$d/ec2/$cmd.json" ec2 "$cmd" --region "$r"
  done
  save "$d/ec2/describe-snapshots.json" ec2 describe-snapshots --owner-ids self --region "$r"
  for s in $(ids 'Snapshots[].SnapshotId' ec2 describe-snapshots --owner-ids self --region "$r"); do
    save "$d/ec2/$s/describe-snapshot-attribute.json" ec2 describe-snapshot-attribute --snapshot-id "$s" --attribute createVolumePermission --region "$r"
  done
  save "$d/ec2/describe-launch-template-versions.json" ec2 describe-launch-template-versions --versions '$Default' --region "$r"
  for pl in $(ids 'PrefixLists[].PrefixListId' ec2 describe-managed-prefix-lists --region "$r"); do
    save "$d/ec2/$pl/get-managed-prefix-list-entries.json" ec2 get-managed-prefix-list-entries --prefix-list-id "$pl" --region "$r"
  done
  for t in $(ids 'TransitGatewayRouteTables[].TransitGatewayRouteTableId' ec2 describe-transit-gateway-route-tables --region "$r"); do
    save "$d/ec2/$t/search-transit-gateway-routes.json" ec2 search-transit-gateway-routes --transit-gateway-route-table-id "$t" --filters Name=state,Values=active,blackhole --region "$r"
    save "$d/ec2/$t/get-transit-gateway-route-table-propagations.json" ec2 get-transit-gateway-route-table-propagations --transit-gateway-route-table-id "$t" --region "$r"
  done

  save "$d/elbv2/describe-load-balancers.json" elbv2 describe-load-balancers --region "$r"
  save "$d/elbv2/describe-target-groups.json" elbv2 describe-target-groups --region "$r"
  n=0
  for lb in $(ids 'LoadBalancers[].LoadBalancerArn' elbv2 describe-load-balancers --region "$r"); do
    n=$((n + 1))
    save "$d/elbv2/describe-listeners.$n.json" elbv2 describe-listeners --load-balancer-arn "$lb" --region "$r"
  done
  for lb in $(ids 'LoadBalancers[].LoadBalancerArn' elbv2 describe-load-balancers --region "$r"); do
    for ln in $(ids 'Listeners[].ListenerArn' elbv2 describe-listeners --load-balancer-arn "$lb" --region "$r"); do
      save "$d/elbv2/$(enc "$ln")/describe-rules.json" elbv2 describe-rules --listener-arn "$ln" --region "$r"
    done
  done
  for tg in $(ids 'TargetGroups[].TargetGroupArn' elbv2 describe-target-groups --region "$r"); do
    save "$d/elbv2/$(enc "$tg")/describe-target-health.json" elbv2 describe-target-health --target-group-arn "$tg" --region "$r"
  done
  for lb in $(ids 'LoadBalancers[].LoadBalancerArn' elbv2 describe-load-balancers --region "$r"); do
    save "$d/elbv2/$(enc "$lb")/describe-load-balancer-attributes.json" elbv2 describe-load-balancer-attributes --load-balancer-arn "$lb" --region "$r"
  done
  save "$d/elb/describe-load-balancers.json" elb describe-load-balancers --region "$r"
  for lb in $(ids 'LoadBalancerDescriptions[].LoadBalancerName' elb describe-load-balancers --region "$r"); do
    save "$d/elb/$(enc "$lb")/describe-load-balancer-attributes.json" elb describe-load-balancer-attributes --load-balancer-name "$lb" --region "$r"
    save "$d/elb/$(enc "$lb")/describe-load-balancer-policies.json" elb describe-load-balancer-policies --load-balancer-name "$lb" --region "$r"
  done

  save "$d/rds/describe-db-instances.json" rds describe-db-instances --region "$r"
  save "$d/rds/describe-db-clusters.json" rds describe-db-clusters --region "$r"
  save "$d/rds/describe-db-snapshots.json" rds describe-db-snapshots --region "$r"
  save "$d/rds/describe-db-cluster-snapshots.json" rds describe-db-cluster-snapshots --region "$r"
  save "$d/rds/describe-event-subscriptions.json" rds describe-event-subscriptions --region "$r"
  for s in $(ids 'DBSnapshots[?SnapshotType==`manual`].DBSnapshotIdentifier' rds describe-db-snapshots --region "$r"); do
    save "$d/rds/$(enc "$s")/describe-db-snapshot-attributes.json" rds describe-db-snapshot-attributes --db-snapshot-identifier "$s" --region "$r"
  done
  for s in $(ids 'DBClusterSnapshots[?SnapshotType==`manual`].DBClusterSnapshotIdentifier' rds describe-db-cluster-snapshots --region "$r"); do
    save "$d/rds/$(enc "$s")/describe-db-cluster-snapshot-attributes.json" rds describe-db-cluster-snapshot-attributes --db-cluster-snapshot-identifier "$s" --region "$r"
  done

  save "$d/lambda/list-functions.json" lambda list-functions --region "$r"
  for f in $(ids 'Functions[].FunctionName' lambda list-functions --region "$r"); do
    save "$d/lambda/$(enc "$f")/get-policy.json" lambda get-policy --function-name "$f" --region "$r"
  done

  save "$d/kms/list-keys.json" kms list-keys --region "$r"
  save "$d/kms/list-aliases.json" kms list-aliases --region "$r"
  for k in $(ids 'Keys[].KeyId' kms list-keys --region "$r"); do
    save "$d/kms/$k/describe-key.json" kms describe-key --key-id "$k" --region "$r"
    save "$d/kms/$k/get-key-policy.json" kms get-key-policy --key-id "$k" --policy-name default --region "$r"
    save "$d/kms/$k/get-key-rotation-status.json" kms get-key-rotation-status --key-id "$k" --region "$r"
  done

  save "$d/cloudtrail/describe-trails.json" cloudtrail describe-trails --region "$r"
  for t in $(ids 'trailList[?HomeRegion==`'"$r"'`].Name' cloudtrail describe-trails --region "$r"); do
    save "$d/cloudtrail/$(enc "$t")/get-trail-status.json" cloudtrail get-trail-status --name "$t" --region "$r"
    save "$d/cloudtrail/$(enc "$t")/get-event-selectors.json" cloudtrail get-event-selectors --trail-name "$t" --region "$r"
  done

  save "$d/logs/describe-metric-filters.json" logs describe-metric-filters --region "$r"
  save "$d/cloudwatch/describe-alarms.json" cloudwatch describe-alarms --region "$r"
  save "$d/efs/describe-file-systems.json" efs describe-file-systems --region "$r"
  save "$d/accessanalyzer/list-analyzers.json" accessanalyzer list-analyzers --region "$r"

  save "$d/configservice/describe-configuration-recorders.json" configservice describe-configuration-recorders --region "$r"
  save "$d/configservice/describe-configuration-recorder-status.json" configservice describe-configuration-recorder-status --region "$r"

  save "$d/guardduty/list-detectors.json" guardduty list-detectors --region "$r"
  for det in $(ids 'DetectorIds[]' guardduty list-detectors --region "$r"); do
    save "$d/guardduty/$det/get-detector.json" guardduty get-detector --detector-id "$det" --region "$r"
  done

  save "$d/securityhub/describe-hub.json" securityhub describe-hub --region "$r"

  save "$d/secretsmanager/list-secrets.json" secretsmanager list-secrets --region "$r"
  for s in $(ids 'SecretList[].Name' secretsmanager list-secrets --region "$r"); do
    save "$d/secretsmanager/$(enc "$s")/get-resource-policy.json" secretsmanager get-resource-policy --secret-id "$s" --region "$r"
  done

  save "$d/sns/list-topics.json" sns list-topics --region "$r"
  for t in $(ids 'Topics[].TopicArn' sns list-topics --region "$r"); do
    save "$d/sns/$(enc "$t")/get-topic-attributes.json" sns get-topic-attributes --topic-arn "$t" --region "$r"
  done
  save "$d/sns/list-subscriptions.json" sns list-subscriptions --region "$r"

  save "$d/sqs/list-queues.json" sqs list-queues --region "$r"
  for q in $(ids 'QueueUrls[]' sqs list-queues --region "$r"); do
    save "$d/sqs/$(enc "${q##*/}")/get-queue-attributes.json" sqs get-queue-attributes --queue-url "$q" --attribute-names All --region "$r"
  done
done

echo "snapshot written to $out ($failures commands skipped)" >&2
