-- Built-in CloudTrail detections. Each starts with a header of `-- key: value` lines.
-- Result columns: actor, resource, first_seen, last_seen, event_ids, then any evidence.

-- id: ct.root-usage
-- title: Root user credentials used
-- severity: high
-- mitre: T1078.004
-- guardduty: Policy:IAMUser/RootCredentialUsage
-- description: The root user signed in or called an API. Root should be used only for the few tasks that need it.
SELECT useridentity.arn AS actor, recipientaccountid AS account, awsregion AS region,
       min(eventtime) AS first_seen, max(eventtime) AS last_seen,
       array_agg(eventname ORDER BY eventtime) AS event_names, array_agg(eventid ORDER BY eventtime) AS event_ids,
       array_agg(DISTINCT sourceipaddress) AS source_ips
FROM cloudtrail_logs
WHERE useridentity.type = 'Root' AND useridentity.invokedby IS NULL
  AND (eventtype IS NULL OR eventtype <> 'AwsServiceEvent')
GROUP BY 1, 2, 3;

-- id: ct.console-login-without-mfa
-- title: Console sign-in without MFA
-- severity: medium
-- mitre: T1078.004
-- description: A successful console sign-in of an IAM user or the root user that did not use MFA.
SELECT COALESCE(useridentity.arn, useridentity.principalid) AS actor, recipientaccountid AS account,
       min(eventtime) AS first_seen, max(eventtime) AS last_seen,
       array_agg(eventid ORDER BY eventtime) AS event_ids, array_agg(DISTINCT sourceipaddress) AS source_ips
FROM cloudtrail_logs
WHERE eventname = 'ConsoleLogin'
  AND json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Success'
  AND json_extract_scalar(additionaleventdata, '$.MFAUsed') = 'No'
  AND useridentity.type IN ('IAMUser', 'Root')
GROUP BY 1, 2;

-- id: ct.console-login-brute-force
-- title: Repeated failed console sign-ins
-- severity: medium
-- mitre: T1110.001
-- description: Five or more failed console sign-ins from one address within an hour.
SELECT sourceipaddress AS actor, array_agg(DISTINCT COALESCE(useridentity.username, useridentity.arn, useridentity.principalid)) AS users,
       min(eventtime) AS first_seen, max(eventtime) AS last_seen, count(*) AS failures,
       array_agg(eventid ORDER BY eventtime) AS event_ids
FROM cloudtrail_logs
WHERE eventname = 'ConsoleLogin'
  AND (json_extract_scalar(responseelements, '$.ConsoleLogin') = 'Failure' OR errormessage IS NOT NULL)
GROUP BY sourceipaddress, date_trunc('hour', from_iso8601_timestamp(eventtime))
HAVING count(*) >= 5;

-- id: ct.cloudtrail-tampering
-- title: CloudTrail logging stopped, deleted or changed
-- severity: high
-- mitre: T1562.008
-- guardduty: Stealth:IAMUser/CloudTrailLoggingDisabled
-- description: StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors or PutInsightSelectors: the trail may no longer record what happens next.
SELECT COALESCE(useridentity.arn, useridentity.principalid) AS actor,
       COALESCE(json_extract_scalar(requestparameters, '$.name'), json_extract_scalar(requestparameters, '$.trailName')) AS resource,
       recipientaccountid AS account, awsregion AS region,
       min(eventtime) AS first_seen, max(eventtime) AS last_seen,
       array_agg(eventname ORDER BY eventtime) AS event_names, array_agg(errorcode ORDER BY eventtime) AS error_codes,
       array_agg(eventid ORDER BY eventtime) AS event_ids, array_agg(DISTINCT sourceipaddress) AS source_ips
FROM cloudtrail_logs
WHERE eventsource = 'cloudtrail.amazonaws.com'
  AND eventname IN ('StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors', 'PutInsightSelectors', 'DeleteEventDataStore', 'StopEventDataStoreIngestion')
GROUP BY 1, 2, 3, 4;

-- id: ct.guardduty-disabled
-- title: GuardDuty detector deleted, suspended, or findings suppressed or trusted away
-- severity: high
-- mitre: T1562.001
-- description: Calls that turn GuardDuty off or hide its findings, successful or not.
SELECT COALESCE(useridentity.arn, useridentity.principalid) AS actor, recipientaccountid AS account, awsregion AS region,
       min(eventtime) AS first_seen, max(eventtime) AS last_seen,
       array_agg(eventname ORDER BY eventtime) AS event_names, array_agg(errorcode ORDER BY eventtime) AS error_codes,
       array_agg(eventid ORDER BY eventtime) AS event_ids
FROM cloudtrail_logs
WHERE eventsource = 'guardduty.amazonaws.com'
  AND (eventname IN ('DeleteDetector', 'CreateIPSet', 'UpdateIPSet', 'DisassociateFromMasterAccount', 'DisassociateFromAdministratorAccount', 'DeleteMembers', 'StopMonitoringMembers', 'DeletePublishingDestination', 'DeleteThreatIntelSet', 'DeleteIPSet')
       OR (eventname = 'UpdateDetector' AND json_extract_scalar(requestparameters, '$.enable') = 'false')
       OR (eventname IN ('CreateFilter', 'UpdateFilter') AND json_extract_scalar(requestparameters, '$.action') = 'ARCHIVE'))
GROUP BY 1, 2, 3;

-- id: ct.config-disabled
-- title: AWS Config recording stopped or deleted
-- severity: high
-- mitre: T1562.001
-- description: StopConfigurationRecorder, DeleteConfigurationRecorder or DeleteDeliveryChannel.
SELECT COALESCE(useridentity.arn, useridentity.principalid) AS actor, recipientaccountid AS account, awsregion AS region,
       min(eventtime) AS first_seen, max(eventtime) AS last_seen,
       array_agg(eventname ORDER BY eventtime) AS event_names, array_agg(eventid ORDER BY eventtime) AS event_ids
FROM cloudtrail_logs
WHERE eventsource = 'config.amazonaws.com'
  AND eventname IN ('StopConfigurationRecorder', 'DeleteConfigurationRecorder', 'DeleteDeliveryChannel', 'DeleteConfigRule', 'DeleteConformancePack')
GROUP BY 1, 2, 3;

-- id: ct.securityhub-disabled
-- title: Security Hub disabled or its findings hidden
-- severity: high
-- mitre: T1562.001
-- description: DisableSecurityHub, standards or product integrations disabled, insights or action targets deleted.
SELECT COALESCE(useridentity.arn, useridentity.principalid) AS actor, recipientaccountid AS account, awsregion AS region,
       min(eventtime) AS first_seen, max(eventtime) AS last_seen,
       array_agg(eventname ORDER BY eventtime) AS event_names, array_agg(eventid ORDER BY eventtime) AS event_ids
FROM cloudtrail_logs
WHERE eventsource = 'securityhub.amazonaws.com'
  AND eventname IN ('DisableSecurityHub', 'BatchDisableStandards', 'DisableImportFindingsForProduct', 'DeleteInsight', 'DeleteActionTargets', 'DisassociateFromMasterAccount', 'DisassociateFromAdministratorAccount', 'DeleteMembers')
GROUP BY 1, 2, 3;

-- id: ct.flow-logs-deleted
-- title: VPC flow logs deleted
-- severity: high
-- mitre: T1562.008
-- description: DeleteFlowLogs: network activity is no longer recorded.
SELECT COALESCE(useridentity.arn, useridentity.principalid) AS actor, recipientaccountid AS account, awsregion AS region,
       min(eventtime) AS first_seen, max(eventtime) AS last_seen, array_agg(requestparameters) AS requests,
       array_agg(eventid ORDER BY eventtime) AS event_ids
FROM cloudtrail_logs
WHERE eventsource = 'ec2.amazonaws.com' AND eventname = 'DeleteFlowLogs'
GROUP BY 1, 2, 3;

-- id: ct.instance-credential-exfiltration
-- title: Instance credentials used from an address the instance does not use
-- severity: high
-- mitre: T1552.005
-- guardduty: UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS
-- description: A role session named after an EC2 instance (the instance profile's credentials) called AWS from an address that none of the instance's other credential sets used: the credentials were most likely taken from the instance.
WITH s AS (
  SELECT eventid, eventtime, eventname, sourceipaddress, recipientaccountid,
         useridentity.arn AS arn, useridentity.accesskeyid AS akid,
         split_part(useridentity.arn, '/', 3) AS instance
  FROM cloudtrail_logs
  WHERE useridentity.type = 'AssumedRole'
    AND regexp_like(useridentity.arn, ':assumed-role/[^/]+/i-[0-9a-f]{8,17}$')
    AND sourceipaddress NOT LIKE '%.amazonaws.com' AND sourceipaddress <> 'AWS Internal'
),
busy AS (SELECT instance FROM s GROUP BY instance HAVING count(DISTINCT akid) >= 2),
home AS (SELECT instance, sourceipaddress FROM s GROUP BY instance, sourceipaddress HAVING count(DISTINCT akid) >= 2)
SELECT s.arn AS actor, s.instance AS resource, s.akid AS access_key_id, s.sourceipaddress AS source_ip,
       s.recipientaccountid AS account,
       min(s.eventtime) AS first_seen, max(s.eventtime) AS last_seen, count(*) AS calls,
       array_agg(s.eventname ORDER BY s.eventtime) AS event_names, array_agg(s.eventid ORDER BY s.eventtime) AS event_ids
FROM s
JOIN busy b ON s.instance = b.instance
LEFT JOIN home h ON s.instance = h.instance AND s.sourceipaddress = h.sourceipaddress
WHERE h.instance IS NULL
GROUP BY 1, 2, 3, 4, 5;

-- id: ct.reconnaissance-burst
-- title: Burst of discovery calls by one principal
-- severity: medium
-- mitre: T1580, T1087.004
-- guardduty: Discovery:IAMUser/AnomalousBehavior
-- description: Ten or more different List, Describe or Get operations by one access key within ten minutes.
SELECT COALESCE(useridentity.arn, useridentity.principalid) AS actor, useridentity.accesskeyid AS access_key_id,
       min(eventtime) AS first_seen, max(eventtime) AS last_seen, count(DISTINCT eventname) AS operations,
       array_agg(DISTINCT sourceipaddress) AS source_ips, array_agg(eventid ORDER BY eventtime) AS event_ids
FROM cloudtrail_logs
WHERE (eventname LIKE 'List%' OR eventname LIKE 'Describe%' OR eventname LIKE 'Get%')
  AND useridentity.type IN ('IAMUser', 'AssumedRole', 'Root', 'FederatedUser')
  AND sourceipaddress NOT LIKE '%.amazonaws.com'
GROUP BY 1, 2, date_bin(INTERVAL '10 minutes', from_iso8601_timestamp(eventtime))
HAVING count(DISTINCT eventname) >= 10;

-- id: ct.access-denied-burst
-- title: Many denied calls by one principal
-- severity: medium
-- mitre: T1526
-- description: Five or more calls denied for lack of permission within an hour: someone testing what a credential may do.
SELECT COALESCE(useridentity.arn, useridentity.principalid) AS actor, useridentity.accesskeyid AS access_key_id,
       min(eventtime) AS first_seen, max(eventtime) AS last_seen, count(*) AS denied,
       array_agg(DISTINCT eventname) AS operations, array_agg(DISTINCT sourceipaddress) AS source_ips,
       array_agg(eventid ORDER BY eventtime) AS event_ids
FROM cloudtrail_logs
WHERE errorcode IN ('AccessDenied', 'AccessDeniedException', 'Client.UnauthorizedOperation', 'UnauthorizedOperation', 'Client.UnauthorizedAccess')
GROUP BY 1, 2, date_trunc('hour', from_iso8601_timestamp(eventtime))
HAVING count(*) >= 5;

-- id: ct.access-key-for-other-user
-- title: Access key created for another user
-- severity: high
-- mitre: T1098.001
-- guardduty: Persistence:IAMUser/AnomalousBehavior
-- description: CreateAccessKey for a user other than the caller: a classic way to keep access.
SELECT COALESCE(useridentity.arn, useridentity.principalid) AS actor,
       json_extract_scalar(requestparameters, '$.userName') AS resource,
       json_extract_scalar(responseelements, '$.accessKey.accessKeyId') AS created_access_key_id,
       recipientaccountid AS account, eventtime AS first_seen, eventtime AS last_seen,
       sourceipaddress AS source_ip, [eventid] AS event_ids
FROM cloudtrail_logs
WHERE eventsource = 'iam.amazonaws.com' AND eventname = 'CreateAccessKey' AND errorcode IS NULL
  AND json_extract_scalar(requestparameters, '$.userName') IS NOT NULL
  AND (useridentity.username IS NULL OR json_extract_scalar(requestparameters, '$.userName') <> useridentity.username);

-- id: ct.policy-version-escalation
-- title: Managed policy rewritten: new default version
-- severity: high
-- mitre: T1098.003
-- guardduty: PrivilegeEscalation:IAMUser/AnomalousBehavior
-- description: CreatePolicyVersion with setAsDefault, or SetDefaultPolicyVersion: whoever may do this on a policy they hold can grant themselves anything.
SELECT COALESCE(useridentity.arn, useridentity.principalid) AS actor,
       json_extract_scalar(requestparameters, '$.policyArn') AS resource,
       recipientaccountid AS account, eventtime AS first_seen, eventtime AS last_seen, eventname,
       json_extract_scalar(requestparameters, '$.policyDocument') AS policy_document,
       sourceipaddress AS source_ip, [eventid] AS event_ids
FROM cloudtrail_logs
WHERE eventsource = 'iam.amazonaws.com' AND errorcode IS NULL
  AND ((eventname = 'CreatePolicyVersion' AND json_extract_scalar(requestparameters, '$.setAsDefault') = 'true')
       OR eventname = 'SetDefaultPolicyVersion');

-- id: ct.admin-policy-attached
-- title: Administrator access granted
-- severity: high
-- mitre: T1098.003
-- guardduty: PrivilegeEscalation:IAMUser/AnomalousBehavior
-- description: AdministratorAccess (or a policy allowing every action) attached to or put on a user, group or role.
SELECT COALESCE(useridentity.arn, useridentity.principalid) AS actor,
       COALESCE(json_extract_scalar(requestparameters, '$.userName'), json_extract_scalar(requestparameters, '$.roleName'), json_extract_scalar(requestparameters, '$.groupName')) AS resource,
       recipientaccountid AS account, eventtime AS first_seen, eventtime AS last_seen, eventname,
       COALESCE(json_extract_scalar(requestparameters, '$.policyArn'), json_extract_scalar(requestparameters, '$.policyName')) AS policy,
       sourceipaddress AS source_ip, [eventid] AS event_ids
FROM cloudtrail_logs
WHERE eventsource = 'iam.amazonaws.com' AND errorcode IS NULL
  AND ((eventname IN ('AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy')
        AND json_extract_scalar(requestparameters, '$.policyArn') LIKE '%:policy/AdministratorAccess')
    OR (eventname IN ('PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy')
        AND regexp_like(replace(json_extract_scalar(requestparameters, '$.policyDocument'), ' ', ''), '"Action":(\["?\*"?\]|"\*")')));

-- id: ct.new-user-used
-- title: IAM user or login profile created, then used
-- severity: high
-- mitre: T1136.003
-- guardduty: Persistence:IAMUser/AnomalousBehavior
-- description: A user created (or given a console password) whose credentials are used afterwards: a likely backdoor account.
WITH created AS (
  SELECT json_extract_scalar(requestparameters, '$.userName') AS username, min(eventtime) AS created_at,
         array_agg(eventid) AS ids, min(COALESCE(useridentity.arn, useridentity.principalid)) AS creator, min(recipientaccountid) AS account
  FROM cloudtrail_logs
  WHERE eventsource = 'iam.amazonaws.com' AND eventname IN ('CreateUser', 'CreateLoginProfile') AND errorcode IS NULL
  GROUP BY 1
)
SELECT c.creator AS actor, c.username AS resource, c.account AS account, c.created_at AS first_seen, max(t.eventtime) AS last_seen,
       count(*) AS calls_by_new_user, array_agg(DISTINCT t.sourceipaddress) AS source_ips,
       array_concat(c.ids, array_agg(t.eventid ORDER BY t.eventtime)) AS event_ids
FROM created c
JOIN cloudtrail_logs t ON t.useridentity.type = 'IAMUser' AND t.useridentity.username = c.username AND t.eventtime > c.created_at
GROUP BY c.creator, c.username, c.account, c.created_at, c.ids;

-- id: ct.login-profile-for-other-user
-- title: Console password set for another user
-- severity: medium
-- mitre: T1098
-- description: CreateLoginProfile or UpdateLoginProfile for a user other than the caller.
SELECT COALESCE(useridentity.arn, useridentity.principalid) AS actor,
       json_extract_scalar(requestparameters, '$.userName') AS resource, recipientaccountid AS account,
       eventtime AS first_seen, eventtime AS last_seen, eventname, sourceipaddress AS source_ip, [eventid] AS event_ids
FROM cloudtrail_logs
WHERE eventsource = 'iam.amazonaws.com' AND eventname IN ('CreateLoginProfile', 'UpdateLoginProfile') AND errorcode IS NULL
  AND json_extract_scalar(requestparameters, '$.userName') IS NOT NULL
  AND (useridentity.username IS NULL OR json_extract_scalar(requestparameters, '$.userName') <> useridentity.username);

-- id: ct.mfa-removed
-- title: MFA device deactivated or deleted
-- severity: medium
-- mitre: T1556.006
-- description: DeactivateMFADevice or DeleteVirtualMFADevice.
SELECT COALESCE(useridentity.arn, useridentity.principalid) AS actor,
       COALESCE(json_extract_scalar(requestparameters, '$.userName'), json_extract_scalar(requestparameters, '$.serialNumber')) AS resource,
       recipientaccountid AS account, eventtime AS first_seen, eventtime AS last_seen, eventname, [eventid] AS event_ids
FROM cloudtrail_logs
WHERE eventsource = 'iam.amazonaws.com' AND eventname IN ('DeactivateMFADevice', 'DeleteVirtualMFADevice') AND errorcode IS NULL;

-- id: ct.s3-bucket-made-public
-- title: S3 bucket policy or ACL opened to everyone
-- severity: high
-- mitre: T1530
-- guardduty: Policy:S3/BucketAnonymousAccessGranted
-- description: A bucket policy with Principal "*", an ACL granting AllUsers or AuthenticatedUsers, or Block Public Access removed.
SELECT COALESCE(useridentity.arn, useridentity.principalid) AS actor,
       json_extract_scalar(requestparameters, '$.bucketName') AS resource, recipientaccountid AS account,
       eventtime AS first_seen, eventtime AS last_seen, eventname, requestparameters, [eventid] AS event_ids
FROM cloudtrail_logs
WHERE eventsource = 's3.amazonaws.com' AND errorcode IS NULL
  AND ((eventname = 'PutBucketPolicy' AND regexp_like(replace(requestparameters, ' ', ''), '"Principal":("\*"|\{"AWS":"\*"\}|\{"AWS":\["\*"\]\})'))
    OR (eventname = 'PutBucketAcl' AND regexp_like(requestparameters, 'acs\.amazonaws\.com/groups/global/(AllUsers|AuthenticatedUsers)|"x-amz-acl":\["?public-read'))
    OR eventname = 'DeleteBucketPublicAccessBlock'
    OR (eventname = 'PutBucketPublicAccessBlock' AND regexp_like(requestparameters, '"(BlockPublicPolicy|RestrictPublicBuckets|BlockPublicAcls|IgnorePublicAcls)":false')));

-- id: ct.security-group-opened-to-world
-- title: Security group opened to the internet
-- severity: medium
-- mitre: T1562.007
-- description: AuthorizeSecurityGroupIngress with 0.0.0.0/0 or ::/0.
SELECT COALESCE(useridentity.arn, useridentity.principalid) AS actor,
       json_extract_scalar(requestparameters, '$.groupId') AS resource, recipientaccountid AS account, awsregion AS region,
       eventtime AS first_seen, eventtime AS last_seen, requestparameters, [eventid] AS event_ids
FROM cloudtrail_logs
WHERE eventsource = 'ec2.amazonaws.com' AND eventname = 'AuthorizeSecurityGroupIngress' AND errorcode IS NULL
  AND (strpos(requestparameters, '0.0.0.0/0') > 0 OR strpos(requestparameters, '::/0') > 0);

-- id: ct.pentest-distribution
-- title: Calls from a penetration-testing Linux distribution
-- severity: medium
-- mitre: T1078.004
-- guardduty: PenTest:IAMUser/KaliLinux
-- description: The user agent names Kali, Parrot or Pentoo Linux (GuardDuty also has PenTest:IAMUser/ParrotLinux and PentooLinux).
SELECT COALESCE(useridentity.arn, useridentity.principalid) AS actor, useridentity.accesskeyid AS access_key_id,
       min(eventtime) AS first_seen, max(eventtime) AS last_seen, count(*) AS calls,
       array_agg(DISTINCT sourceipaddress) AS source_ips, min(useragent) AS user_agent,
       array_agg(eventid ORDER BY eventtime) AS event_ids
FROM cloudtrail_logs
WHERE regexp_like(lower(useragent), 'kali|parrot|pentoo')
GROUP BY 1, 2;

-- id: ct.offensive-tool-user-agent
-- title: Calls from a known offensive security tool
-- severity: high
-- mitre: T1595
-- guardduty: Discovery:IAMUser/AnomalousBehavior
-- description: The user agent is that of a cloud attack or secret-scanning framework.
SELECT COALESCE(useridentity.arn, useridentity.principalid) AS actor, useridentity.accesskeyid AS access_key_id,
       min(eventtime) AS first_seen, max(eventtime) AS last_seen, count(*) AS calls,
       array_agg(DISTINCT useragent) AS user_agents, array_agg(eventid ORDER BY eventtime) AS event_ids
FROM cloudtrail_logs
WHERE regexp_like(lower(useragent), 'pacu|trufflehog|scoutsuite|cloudsploit|stratus-red-team|cloudfox|weirdaal|cloudgoat|nimbostratus')
GROUP BY 1, 2;

-- id: ct.unusual-region
-- title: Activity in a region the account hardly uses
-- severity: low
-- mitre: T1535
-- description: Calls in a region that holds less than 2% of the account's calls (global services excluded).
WITH ev AS (
  SELECT * FROM cloudtrail_logs
  WHERE awsregion IS NOT NULL AND sourceipaddress NOT LIKE '%.amazonaws.com'
    AND eventsource NOT IN ('iam.amazonaws.com', 'sts.amazonaws.com', 'signin.amazonaws.com', 'organizations.amazonaws.com', 'cloudfront.amazonaws.com', 'route53.amazonaws.com', 'health.amazonaws.com', 'support.amazonaws.com')
),
totals AS (SELECT recipientaccountid AS acct, count(*) AS n FROM ev GROUP BY 1),
regions AS (SELECT recipientaccountid AS acct, awsregion AS r, count(*) AS n FROM ev GROUP BY 1, 2)
SELECT COALESCE(e.useridentity.arn, e.useridentity.principalid) AS actor, e.awsregion AS resource, e.recipientaccountid AS account, e.awsregion AS region,
       min(e.eventtime) AS first_seen, max(e.eventtime) AS last_seen, count(*) AS calls,
       array_agg(DISTINCT e.eventname) AS operations, array_agg(e.eventid ORDER BY e.eventtime) AS event_ids
FROM ev e JOIN regions g ON e.recipientaccountid = g.acct AND e.awsregion = g.r
JOIN totals t ON t.acct = g.acct
WHERE g.n * 50 < t.n
GROUP BY 1, 2, 3, 4;

-- id: ct.s3-mass-download
-- title: Many S3 objects downloaded by one principal
-- severity: high
-- mitre: T1530
-- guardduty: Exfiltration:S3/AnomalousBehavior
-- description: Fifty or more GetObject calls by one principal within an hour.
SELECT COALESCE(useridentity.arn, useridentity.principalid) AS actor,
       json_extract_scalar(requestparameters, '$.bucketName') AS resource, recipientaccountid AS account,
       min(eventtime) AS first_seen, max(eventtime) AS last_seen, count(*) AS objects,
       sum(CAST(json_extract_scalar(additionaleventdata, '$.bytesTransferredOut') AS BIGINT)) AS bytes_out,
       array_agg(DISTINCT sourceipaddress) AS source_ips, array_agg(eventid ORDER BY eventtime) AS event_ids
FROM cloudtrail_logs
WHERE eventsource = 's3.amazonaws.com' AND eventname = 'GetObject' AND errorcode IS NULL
GROUP BY 1, 2, 3, date_trunc('hour', from_iso8601_timestamp(eventtime))
HAVING count(*) >= 50;

-- id: ct.kms-key-destruction
-- title: KMS key scheduled for deletion or disabled
-- severity: medium
-- mitre: T1485
-- description: ScheduleKeyDeletion or DisableKey: data encrypted with the key becomes unreadable.
SELECT COALESCE(useridentity.arn, useridentity.principalid) AS actor, json_extract_scalar(requestparameters, '$.keyId') AS resource,
       recipientaccountid AS account, awsregion AS region, eventtime AS first_seen, eventtime AS last_seen, eventname, [eventid] AS event_ids
FROM cloudtrail_logs
WHERE eventsource = 'kms.amazonaws.com' AND eventname IN ('ScheduleKeyDeletion', 'DisableKey') AND errorcode IS NULL;

-- id: ct.snapshot-or-image-shared
-- title: EBS snapshot, AMI or RDS snapshot shared outside
-- severity: high
-- mitre: T1537
-- description: ModifySnapshotAttribute, ModifyImageAttribute or ModifyDBSnapshotAttribute adding an account or `all`.
SELECT COALESCE(useridentity.arn, useridentity.principalid) AS actor,
       COALESCE(json_extract_scalar(requestparameters, '$.snapshotId'), json_extract_scalar(requestparameters, '$.imageId'), json_extract_scalar(requestparameters, '$.dBSnapshotIdentifier')) AS resource,
       recipientaccountid AS account, awsregion AS region, eventtime AS first_seen, eventtime AS last_seen, eventname, requestparameters, [eventid] AS event_ids
FROM cloudtrail_logs
WHERE errorcode IS NULL
  AND ((eventname IN ('ModifySnapshotAttribute', 'ModifyImageAttribute') AND strpos(requestparameters, '"add"') > 0)
    OR (eventname = 'ModifyDBSnapshotAttribute' AND strpos(requestparameters, 'valuesToAdd') > 0));

-- id: ct.iam-enumeration
-- title: Whole-account IAM enumeration
-- severity: medium
-- mitre: T1087.004
-- description: GetAccountAuthorizationDetails returns every user, group, role and policy in one call.
SELECT COALESCE(useridentity.arn, useridentity.principalid) AS actor, recipientaccountid AS account,
       min(eventtime) AS first_seen, max(eventtime) AS last_seen, array_agg(DISTINCT sourceipaddress) AS source_ips,
       array_agg(eventid ORDER BY eventtime) AS event_ids
FROM cloudtrail_logs
WHERE eventname = 'GetAccountAuthorizationDetails' AND sourceipaddress NOT LIKE '%.amazonaws.com'
GROUP BY 1, 2;

-- id: ct.ioc-address
-- title: AWS called from a listed bad address
-- severity: high
-- mitre: T1078.004
-- guardduty: UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom
-- description: The source address is in the user-supplied list of bad addresses (`--ioc FILE`).
SELECT COALESCE(useridentity.arn, useridentity.principalid) AS actor, sourceipaddress AS source_ip, i.note AS note,
       min(eventtime) AS first_seen, max(eventtime) AS last_seen, count(*) AS calls, array_agg(eventid ORDER BY eventtime) AS event_ids
FROM cloudtrail_logs JOIN ioc_addresses i ON sourceipaddress = i.address
GROUP BY 1, 2, 3;
