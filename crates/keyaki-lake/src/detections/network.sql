-- Built-in VPC Flow Logs and web log detections.

-- id: flow.port-scan
-- title: Port scan
-- severity: medium
-- mitre: T1046
-- guardduty: Recon:EC2/Portscan
-- description: One source tried ten or more destination ports on one address within an hour, mostly rejected.
SELECT srcaddr AS actor, dstaddr AS resource, account, region,
       to_iso8601(from_unixtime(min(start))) AS first_seen, to_iso8601(from_unixtime(max("end"))) AS last_seen,
       count(DISTINCT dstport) AS ports, sum(CASE WHEN action = 'REJECT' THEN 1 ELSE 0 END) AS rejected,
       array_agg(DISTINCT CASE WHEN action = 'ACCEPT' THEN dstport END) AS accepted_ports
FROM vpc_flow_logs
WHERE log_status = 'OK' AND protocol IN (6, 17)
GROUP BY srcaddr, dstaddr, account, region, date_trunc('hour', from_unixtime(start))
HAVING count(DISTINCT dstport) >= 10 AND sum(CASE WHEN action = 'REJECT' THEN 1 ELSE 0 END) * 2 >= count(*);

-- id: flow.ssh-rdp-brute-force
-- title: SSH or RDP brute force
-- severity: medium
-- mitre: T1110.001
-- guardduty: UnauthorizedAccess:EC2/SSHBruteForce
-- description: Twenty or more connections from one outside address to port 22 or 3389 of one address within an hour (GuardDuty also has UnauthorizedAccess:EC2/RDPBruteForce).
SELECT srcaddr AS actor, dstaddr AS resource, account, region, dstport,
       to_iso8601(from_unixtime(min(start))) AS first_seen, to_iso8601(from_unixtime(max("end"))) AS last_seen,
       count(*) AS flows, sum(packets) AS packets
FROM vpc_flow_logs
WHERE log_status = 'OK' AND protocol = 6 AND dstport IN (22, 3389)
  AND NOT regexp_like(srcaddr, '^(10\.|192\.168\.|172\.(1[6-9]|2[0-9]|3[01])\.)')
GROUP BY srcaddr, dstaddr, account, region, dstport, date_trunc('hour', from_unixtime(start))
HAVING count(*) >= 20;

-- id: flow.large-outbound-transfer
-- title: Large transfer to an outside address
-- severity: medium
-- mitre: T1048
-- guardduty: Behavior:EC2/TrafficVolumeUnusual
-- description: Ten million bytes or more sent from a private address to one outside address within an hour.
SELECT srcaddr AS actor, dstaddr AS resource, account, region, interface_id,
       to_iso8601(from_unixtime(min(start))) AS first_seen, to_iso8601(from_unixtime(max("end"))) AS last_seen,
       sum(bytes) AS bytes, array_agg(DISTINCT dstport) AS ports
FROM vpc_flow_logs
WHERE log_status = 'OK' AND action = 'ACCEPT'
  AND regexp_like(srcaddr, '^(10\.|192\.168\.|172\.(1[6-9]|2[0-9]|3[01])\.)')
  AND NOT regexp_like(dstaddr, '^(10\.|192\.168\.|172\.(1[6-9]|2[0-9]|3[01])\.|169\.254\.)')
GROUP BY srcaddr, dstaddr, account, region, interface_id, date_trunc('hour', from_unixtime(start))
HAVING sum(bytes) >= 10000000;

-- id: flow.ioc-address
-- title: Traffic with a listed bad address
-- severity: high
-- mitre: T1071
-- guardduty: UnauthorizedAccess:EC2/MaliciousIPCaller.Custom
-- description: Flow records to or from an address in the user-supplied list (`--ioc FILE`).
SELECT i.address AS actor, CASE WHEN f.srcaddr = i.address THEN f.dstaddr ELSE f.srcaddr END AS resource, f.account, f.region, i.note AS note,
       to_iso8601(from_unixtime(min(f.start))) AS first_seen, to_iso8601(from_unixtime(max(f."end"))) AS last_seen,
       count(*) AS flows, sum(f.bytes) AS bytes, array_agg(DISTINCT f.action) AS actions
FROM vpc_flow_logs f JOIN ioc_addresses i ON f.srcaddr = i.address OR f.dstaddr = i.address
GROUP BY 1, 2, 3, 4, 5;

-- id: web.sql-injection
-- title: SQL injection attempt in a web request
-- severity: high
-- mitre: T1190
-- description: The decoded request URL holds SQL injection syntax (UNION SELECT, OR 1=1, SLEEP(, information_schema).
WITH req AS (
  SELECT 'alb' AS log, client_ip AS addr, time, url_decode(request_url) AS url, CAST(elb_status_code AS VARCHAR) AS status, user_agent, account, region FROM alb_logs
  UNION ALL
  SELECT 'nginx' AS log, remote_addr AS addr, time, url_decode(request_uri) AS url, CAST(status AS VARCHAR) AS status, http_user_agent AS user_agent, account, region FROM nginx_logs
)
SELECT addr AS actor, log, min(time) AS first_seen, max(time) AS last_seen, count(*) AS requests,
       array_agg(url ORDER BY time) AS urls, array_agg(status ORDER BY time) AS statuses
FROM req
WHERE regexp_like(lower(url), 'union(\s|/\*.*\*/)+(all\s+)?select|''\s*or\s+''?\d+''?\s*=\s*''?\d|\bor\s+1\s*=\s*1\b|sleep\s*\(\s*\d|benchmark\s*\(|information_schema|waitfor\s+delay|''\s*;\s*--|\bxp_cmdshell\b')
GROUP BY addr, log;

-- id: web.path-traversal
-- title: Path traversal attempt in a web request
-- severity: high
-- mitre: T1190
-- description: The decoded request URL climbs out of the web root (`../`) or names system files.
WITH req AS (
  SELECT 'alb' AS log, client_ip AS addr, time, url_decode(request_url) AS url, CAST(elb_status_code AS VARCHAR) AS status FROM alb_logs
  UNION ALL
  SELECT 'nginx' AS log, remote_addr AS addr, time, url_decode(request_uri) AS url, CAST(status AS VARCHAR) AS status FROM nginx_logs
)
SELECT addr AS actor, log, min(time) AS first_seen, max(time) AS last_seen, count(*) AS requests,
       array_agg(url ORDER BY time) AS urls, array_agg(status ORDER BY time) AS statuses
FROM req
WHERE regexp_like(url, '\.\./|\.\.\\|/etc/(passwd|shadow|hosts)|c:\\windows|/proc/self/')
GROUP BY addr, log;

-- id: web.command-injection
-- title: OS command injection in a web request
-- severity: critical
-- mitre: T1190, T1059.004
-- description: A request parameter chains a shell command (`;`, `|`, `&&`, `$(`, backticks) such as id, whoami, cat, curl, wget or a shell.
WITH req AS (
  SELECT 'alb' AS log, client_ip AS addr, time, url_decode(request_url) AS url, CAST(elb_status_code AS VARCHAR) AS status FROM alb_logs
  UNION ALL
  SELECT 'nginx' AS log, remote_addr AS addr, time, url_decode(request_uri) AS url, CAST(status AS VARCHAR) AS status FROM nginx_logs
)
SELECT addr AS actor, log, min(time) AS first_seen, max(time) AS last_seen, count(*) AS requests,
       array_agg(url ORDER BY time) AS urls, array_agg(status ORDER BY time) AS statuses
FROM req
WHERE regexp_like(url, '=[^&]*(;|\||&&|\$\(|`)\s*(id|whoami|uname|cat|curl|wget|bash|sh|nc|ncat|grep|ls|mysqldump|python3?|perl|php|base64|chmod)\b')
GROUP BY addr, log;

-- id: web.ssrf-metadata
-- title: Instance metadata address in a web request
-- severity: critical
-- mitre: T1552.005
-- guardduty: UnauthorizedAccess:EC2/MetadataDNSRebind
-- description: A request that carries the instance metadata address (169.254.169.254, fd00:ec2::254): server-side request forgery or command injection aiming at the instance's credentials.
WITH req AS (
  SELECT 'alb' AS log, client_ip AS addr, time, url_decode(request_url) AS url, CAST(elb_status_code AS VARCHAR) AS status FROM alb_logs
  UNION ALL
  SELECT 'nginx' AS log, remote_addr AS addr, time, url_decode(request_uri) AS url, CAST(status AS VARCHAR) AS status FROM nginx_logs
)
SELECT addr AS actor, log, min(time) AS first_seen, max(time) AS last_seen, count(*) AS requests,
       array_agg(url ORDER BY time) AS urls, array_agg(status ORDER BY time) AS statuses
FROM req
WHERE regexp_like(lower(url), '169\.254\.169\.254|fd00:ec2::254|instance-data|metadata\.google\.internal|latest/meta-data|latest/api/token')
GROUP BY addr, log;

-- id: web.content-discovery
-- title: Web content discovery scan
-- severity: low
-- mitre: T1595.003
-- description: Fifty or more requests answered 404 for one client within an hour.
SELECT client_ip AS actor, account, region, min(time) AS first_seen, max(time) AS last_seen, count(*) AS not_found,
       array_agg(DISTINCT user_agent) AS user_agents
FROM alb_logs
WHERE elb_status_code = 404
GROUP BY client_ip, account, region, date_trunc('hour', from_iso8601_timestamp(time))
HAVING count(*) >= 50;

-- id: web.ioc-address
-- title: Web requests from a listed bad address
-- severity: high
-- mitre: T1190
-- description: Load balancer requests from an address in the user-supplied list (`--ioc FILE`).
SELECT client_ip AS actor, i.note AS note, min(time) AS first_seen, max(time) AS last_seen, count(*) AS requests
FROM alb_logs JOIN ioc_addresses i ON client_ip = i.address
GROUP BY 1, 2;
