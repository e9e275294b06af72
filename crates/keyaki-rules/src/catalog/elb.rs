//! Elastic Load Balancing: the AWS Security Hub ELB controls, on Application, Network and
//! Gateway Load Balancers (`aws elbv2`) and Classic Load Balancers (`aws elb`), as the AWS
//! Security Hub user guide defines them ("Elastic Load Balancing controls", `elb-controls.md`).

use keyaki_core::Severity;
use keyaki_snapshot::services::elbv2::{Classic, LoadBalancer, LoadBalancerAttributes};
use keyaki_snapshot::{Account, RegionData};
use serde_json::{Value, json};

use super::{account_label, region_name, regional, regions, status};
use crate::Rule;
use crate::rule::{Context, Evaluation, Status};

const GUIDE: &str = "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html";

pub(crate) const RULES: &[Rule] = &[
    Rule {
        id: "elb.alb-http-redirects-to-https",
        title: "Application Load Balancers redirect every HTTP listener to HTTPS",
        description: "Fails for each Application Load Balancer with an HTTP listener whose default action is not a redirect to HTTPS, or that has a rule that forwards requests instead of redirecting them.",
        rationale: "Plain HTTP carries requests and cookies in clear text; a redirect moves every client to TLS.",
        severity: Severity::Medium,
        resource_type: "AWS::ElasticLoadBalancingV2::LoadBalancer",
        remediation: "Make the HTTP listener's default action a redirect to HTTPS on port 443.",
        cli: Some(
            "aws elbv2 modify-listener --listener-arn <http-listener-arn> --default-actions Type=redirect,RedirectConfig='{Protocol=HTTPS,Port=443,StatusCode=HTTP_301}' --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#redirect-actions",
        ],
        control: Some("ELB.1"),
        requirements: &[],
        check: alb_https_redirect,
    },
    Rule {
        id: "elb.classic-acm-certificate",
        title: "Classic Load Balancers with HTTPS/SSL listeners use ACM certificates",
        description: "Fails for each Classic Load Balancer with an HTTPS or SSL listener whose SSLCertificateId is not an AWS Certificate Manager certificate ARN; load balancers without such listeners are not applicable.",
        rationale: "ACM renews its certificates and keeps private keys out of reach; uploaded certificates expire and leak.",
        severity: Severity::Medium,
        resource_type: "AWS::ElasticLoadBalancing::LoadBalancer",
        remediation: "Request or import the certificate in ACM and set it on the listener.",
        cli: Some(
            "aws elb set-load-balancer-listener-ssl-certificate --load-balancer-name {lb} --load-balancer-port 443 --ssl-certificate-id <acm-certificate-arn> --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-update-ssl-cert.html",
        ],
        control: Some("ELB.2"),
        requirements: &[],
        check: classic_acm,
    },
    Rule {
        id: "elb.classic-tls-listeners",
        title: "Classic Load Balancer listeners terminate HTTPS or TLS",
        description: "Fails for each Classic Load Balancer with a listener whose front-end Protocol is neither HTTPS nor SSL; load balancers without listeners give no result.",
        rationale: "A plain HTTP or TCP listener carries client traffic unencrypted.",
        severity: Severity::Medium,
        resource_type: "AWS::ElasticLoadBalancing::LoadBalancer",
        remediation: "Replace HTTP and TCP listeners with HTTPS or SSL listeners.",
        cli: Some(
            "aws elb create-load-balancer-listeners --load-balancer-name {lb} --listeners Protocol=HTTPS,LoadBalancerPort=443,InstanceProtocol=HTTP,InstancePort=80,SSLCertificateId=<acm-certificate-arn> --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-listener-config.html",
        ],
        control: Some("ELB.3"),
        requirements: &[],
        check: classic_tls,
    },
    Rule {
        id: "elb.alb-drop-invalid-headers",
        title: "Application Load Balancers drop invalid HTTP headers",
        description: "Fails for each Application Load Balancer whose attribute routing.http.drop_invalid_header_fields.enabled is not true.",
        rationale: "Invalid headers are a means of HTTP desync and request smuggling attacks.",
        severity: Severity::Medium,
        resource_type: "AWS::ElasticLoadBalancingV2::LoadBalancer",
        remediation: "Set routing.http.drop_invalid_header_fields.enabled to true.",
        cli: Some(
            "aws elbv2 modify-load-balancer-attributes --load-balancer-arn {resource} --attributes Key=routing.http.drop_invalid_header_fields.enabled,Value=true --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-attributes",
        ],
        control: Some("ELB.4"),
        requirements: &[],
        check: alb_drop_headers,
    },
    Rule {
        id: "elb.access-logging",
        title: "Application and Classic Load Balancers log access",
        description: "Fails for each Application Load Balancer whose attribute access_logs.s3.enabled is not true, and each Classic Load Balancer whose AccessLog.Enabled is not true.",
        rationale: "Access logs record every request with its client, which incident response needs.",
        severity: Severity::Medium,
        resource_type: "AWS::ElasticLoadBalancingV2::LoadBalancer",
        remediation: "Enable access logs to an S3 bucket.",
        cli: Some(
            "aws elbv2 modify-load-balancer-attributes --load-balancer-arn {resource} --attributes Key=access_logs.s3.enabled,Value=true Key=access_logs.s3.bucket,Value=<bucket> --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html",
        ],
        control: Some("ELB.5"),
        requirements: &[],
        check: access_logging,
    },
    Rule {
        id: "elb.alb-deletion-protection",
        title: "Application Load Balancers have deletion protection",
        description: "Fails for each Application Load Balancer whose attribute deletion_protection.enabled is not true.",
        rationale: "Deletion protection stops a mistaken or malicious delete that takes an application offline.",
        severity: Severity::Medium,
        resource_type: "AWS::ElasticLoadBalancingV2::LoadBalancer",
        remediation: "Set deletion_protection.enabled to true.",
        cli: Some(
            "aws elbv2 modify-load-balancer-attributes --load-balancer-arn {resource} --attributes Key=deletion_protection.enabled,Value=true --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#deletion-protection",
        ],
        control: Some("ELB.6"),
        requirements: &[],
        check: alb_deletion_protection,
    },
    Rule {
        id: "elb.classic-connection-draining",
        title: "Classic Load Balancers have connection draining",
        description: "Fails for each Classic Load Balancer whose ConnectionDraining.Enabled is not true.",
        rationale: "Connection draining lets in-flight requests finish when an instance is deregistered or unhealthy.",
        severity: Severity::Medium,
        resource_type: "AWS::ElasticLoadBalancing::LoadBalancer",
        remediation: "Enable connection draining.",
        cli: Some(
            "aws elb modify-load-balancer-attributes --load-balancer-name {lb} --load-balancer-attributes '{\"ConnectionDraining\":{\"Enabled\":true,\"Timeout\":300}}' --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/config-conn-drain.html",
        ],
        control: Some("ELB.7"),
        requirements: &[],
        check: classic_draining,
    },
    Rule {
        id: "elb.classic-strong-tls-policy",
        title: "Classic Load Balancer HTTPS/SSL listeners use ELBSecurityPolicy-TLS-1-2-2017-01",
        description: "Fails for each Classic Load Balancer with an HTTPS or SSL listener whose SSL negotiation policy is not the predefined ELBSecurityPolicy-TLS-1-2-2017-01 (the control's `predefinedPolicyName`), named directly or through its Reference-Security-Policy attribute; load balancers without such listeners are not applicable.",
        rationale: "Older predefined policies allow TLS 1.0 and 1.1 and weak ciphers.",
        severity: Severity::Medium,
        resource_type: "AWS::ElasticLoadBalancing::LoadBalancer",
        remediation: "Create an SSL negotiation policy that references ELBSecurityPolicy-TLS-1-2-2017-01 and set it on the listener.",
        cli: Some(
            "aws elb create-load-balancer-policy --load-balancer-name {lb} --policy-name tls-1-2 --policy-type-name SSLNegotiationPolicyType --policy-attributes AttributeName=Reference-Security-Policy,AttributeValue=ELBSecurityPolicy-TLS-1-2-2017-01 --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-security-policy-table.html",
        ],
        control: Some("ELB.8"),
        requirements: &[],
        check: classic_tls_policy,
    },
    Rule {
        id: "elb.classic-cross-zone",
        title: "Classic Load Balancers balance across zones",
        description: "Fails for each Classic Load Balancer whose CrossZoneLoadBalancing.Enabled is not true.",
        rationale: "Without cross-zone balancing, a zone with few instances gets as much traffic as one with many.",
        severity: Severity::Medium,
        resource_type: "AWS::ElasticLoadBalancing::LoadBalancer",
        remediation: "Enable cross-zone load balancing.",
        cli: Some(
            "aws elb modify-load-balancer-attributes --load-balancer-name {lb} --load-balancer-attributes '{\"CrossZoneLoadBalancing\":{\"Enabled\":true}}' --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/enable-disable-crosszone-lb.html",
        ],
        control: Some("ELB.9"),
        requirements: &[],
        check: classic_cross_zone,
    },
    Rule {
        id: "elb.classic-multi-az",
        title: "Classic Load Balancers span at least two Availability Zones",
        description: "Fails for each Classic Load Balancer with fewer than two AvailabilityZones.",
        rationale: "A load balancer in one zone goes down with that zone.",
        severity: Severity::Medium,
        resource_type: "AWS::ElasticLoadBalancing::LoadBalancer",
        remediation: "Enable a second Availability Zone (or attach a subnet in one) and register instances there.",
        cli: Some(
            "aws elb enable-availability-zones-for-load-balancer --load-balancer-name {lb} --availability-zones <zone> --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/enable-disable-az.html",
        ],
        control: Some("ELB.10"),
        requirements: &[],
        check: classic_multi_az,
    },
    Rule {
        id: "elb.alb-desync-mitigation",
        title: "Application Load Balancers use defensive or strictest desync mitigation",
        description: "Fails for each Application Load Balancer whose attribute routing.http.desync_mitigation_mode is neither defensive nor strictest (the control's `desyncMode`).",
        rationale: "Desync mitigation blocks requests that could smuggle a second request past the load balancer.",
        severity: Severity::Medium,
        resource_type: "AWS::ElasticLoadBalancingV2::LoadBalancer",
        remediation: "Set routing.http.desync_mitigation_mode to defensive or strictest.",
        cli: Some(
            "aws elbv2 modify-load-balancer-attributes --load-balancer-arn {resource} --attributes Key=routing.http.desync_mitigation_mode,Value=defensive --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#desync-mitigation-mode",
        ],
        control: Some("ELB.12"),
        requirements: &[],
        check: alb_desync,
    },
    Rule {
        id: "elb.v2-multi-az",
        title: "Application, Network and Gateway Load Balancers span at least two Availability Zones",
        description: "Fails for each v2 load balancer enabled in fewer than two Availability Zones.",
        rationale: "A load balancer in one zone goes down with that zone.",
        severity: Severity::Medium,
        resource_type: "AWS::ElasticLoadBalancingV2::LoadBalancer",
        remediation: "Add a subnet in a second Availability Zone.",
        cli: Some(
            "aws elbv2 set-subnets --load-balancer-arn {resource} --subnets <subnet-a> <subnet-b> --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-subnets.html",
        ],
        control: Some("ELB.13"),
        requirements: &[],
        check: v2_multi_az,
    },
    Rule {
        id: "elb.classic-desync-mitigation",
        title: "Classic Load Balancers use defensive or strictest desync mitigation",
        description: "Fails for each Classic Load Balancer whose additional attribute elb.http.desyncmitigationmode is neither defensive nor strictest (the control's `desyncMode`).",
        rationale: "Desync mitigation blocks requests that could smuggle a second request past the load balancer.",
        severity: Severity::Medium,
        resource_type: "AWS::ElasticLoadBalancing::LoadBalancer",
        remediation: "Set elb.http.desyncmitigationmode to defensive or strictest.",
        cli: Some(
            "aws elb modify-load-balancer-attributes --load-balancer-name {lb} --load-balancer-attributes '{\"AdditionalAttributes\":[{\"Key\":\"elb.http.desyncmitigationmode\",\"Value\":\"defensive\"}]}' --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/config-desync-mitigation-mode.html",
        ],
        control: Some("ELB.14"),
        requirements: &[],
        check: classic_desync,
    },
];

fn is_alb(lb: &LoadBalancer) -> bool {
    lb.kind.as_deref() == Some("application")
}

/// One evaluation per load balancer of the kinds `only` accepts.
fn each_v2(
    cx: &Context<'_>,
    out: &mut Vec<Evaluation>,
    only: fn(&LoadBalancer) -> bool,
    decide: &dyn Fn(&RegionData, &LoadBalancer) -> (Status, Value),
) {
    for (account, region) in regions(cx) {
        for lb in region.elbv2.load_balancers.iter().filter(|l| only(l)) {
            let (st, evidence) = decide(region, lb);
            let mut e = regional(account, region, lb.load_balancer_arn.clone(), st, evidence);
            e.vars.push(("lb", lb.load_balancer_name.clone()));
            out.push(e);
        }
    }
}

/// A v2 attribute check: `ok` decides on the attribute's value.
fn v2_attribute(
    cx: &Context<'_>,
    out: &mut Vec<Evaluation>,
    key: &'static str,
    ok: fn(Option<&str>) -> bool,
) {
    each_v2(
        cx,
        out,
        is_alb,
        &|region, lb| match region.elbv2.attributes_of(lb) {
            Some(attrs) => {
                let value = LoadBalancerAttributes::get(attrs, key);
                (status(ok(value)), json!({"attribute": key, "value": value}))
            }
            None => (
                Status::Unknown,
                json!({"missing": format!("aws elbv2 describe-load-balancer-attributes --load-balancer-arn {}", lb.load_balancer_arn)}),
            ),
        },
    );
}

fn alb_https_redirect(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_v2(cx, out, is_alb, &|region, lb| {
        let listeners: Vec<_> = region.elbv2.listeners_of(&lb.load_balancer_arn).collect();
        if listeners.is_empty() {
            return (
                Status::Unknown,
                json!({"missing": format!("aws elbv2 describe-listeners --load-balancer-arn {}", lb.load_balancer_arn)}),
            );
        }
        let redirects = |kind: &str, config: Option<&Value>| {
            kind == "redirect"
                && config
                    .and_then(|c| c.get("Protocol"))
                    .and_then(Value::as_str)
                    .is_some_and(|p| p.eq_ignore_ascii_case("HTTPS"))
        };
        let mut bad = Vec::new();
        for l in listeners
            .iter()
            .filter(|l| l.protocol.as_deref() == Some("HTTP"))
        {
            let default_ok = l
                .default_actions
                .iter()
                .any(|a| redirects(&a.kind, a.redirect_config.as_ref()));
            let forwarding_rules: Vec<_> = l
                .rules
                .iter()
                .filter(|r| !r.is_default && r.actions.iter().any(|a| a.kind == "forward"))
                .filter_map(|r| r.rule_arn.clone())
                .collect();
            if !default_ok || !forwarding_rules.is_empty() {
                bad.push(json!({"listener": l.listener_arn, "port": l.port, "default_redirects_to_https": default_ok,
                    "forwarding_rules": forwarding_rules}));
            }
        }
        (
            status(bad.is_empty()),
            json!({"http_listeners_without_redirect": bad}),
        )
    });
}

fn alb_drop_headers(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    v2_attribute(
        cx,
        out,
        "routing.http.drop_invalid_header_fields.enabled",
        |v| v == Some("true"),
    );
}

fn alb_deletion_protection(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    v2_attribute(cx, out, "deletion_protection.enabled", |v| {
        v == Some("true")
    });
}

fn alb_desync(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    v2_attribute(cx, out, "routing.http.desync_mitigation_mode", |v| {
        matches!(v, Some("defensive" | "strictest"))
    });
}

fn v2_multi_az(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_v2(cx, out, |_| true, &|_, lb| {
        let zones: Vec<&str> = lb
            .availability_zones
            .iter()
            .filter_map(|z| z.zone_name.as_deref())
            .collect();
        (
            status(zones.len() >= 2),
            json!({"availability_zones": zones, "minimum": 2}),
        )
    });
}

/// The ARN of a Classic Load Balancer.
fn classic_arn(account: &Account, region: &RegionData, name: &str) -> String {
    format!(
        "arn:{}:elasticloadbalancing:{}:{}:loadbalancer/{name}",
        account.partition(),
        region_name(region),
        account_label(account)
    )
}

/// One evaluation per Classic Load Balancer; `decide` returns `None` for no result.
fn each_classic(
    cx: &Context<'_>,
    out: &mut Vec<Evaluation>,
    decide: fn(&Classic) -> Option<(Status, Value)>,
) {
    for (account, region) in regions(cx) {
        for c in &region.elbv2.classic {
            let name = &c.load_balancer.load_balancer_name;
            let Some((st, evidence)) = decide(c) else {
                continue;
            };
            let mut e = regional(
                account,
                region,
                classic_arn(account, region, name),
                st,
                evidence,
            );
            e.vars.push(("lb", name.clone()));
            out.push(e);
        }
    }
}

fn missing_classic(c: &Classic, command: &str) -> (Status, Value) {
    (
        Status::Unknown,
        json!({"missing": format!("aws elb {command} --load-balancer-name {}", c.load_balancer.load_balancer_name)}),
    )
}

fn is_tls(protocol: &str) -> bool {
    protocol.eq_ignore_ascii_case("HTTPS") || protocol.eq_ignore_ascii_case("SSL")
}

fn classic_acm(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_classic(cx, out, |c| {
        let certs: Vec<Option<&str>> = c
            .load_balancer
            .listener_descriptions
            .iter()
            .filter(|l| is_tls(&l.listener.protocol))
            .map(|l| l.listener.ssl_certificate_id.as_deref())
            .collect();
        if certs.is_empty() {
            return Some((Status::NotApplicable, json!({"tls_listeners": 0})));
        }
        let ok = certs
            .iter()
            .all(|c| c.is_some_and(|arn| arn.contains(":acm:")));
        Some((status(ok), json!({"certificates": certs})))
    });
}

fn classic_tls(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_classic(cx, out, |c| {
        let listeners = &c.load_balancer.listener_descriptions;
        if listeners.is_empty() {
            return None;
        }
        let plain: Vec<Value> = listeners
            .iter()
            .filter(|l| !is_tls(&l.listener.protocol))
            .map(
                |l| json!({"protocol": l.listener.protocol, "port": l.listener.load_balancer_port}),
            )
            .collect();
        Some((
            status(plain.is_empty()),
            json!({"listeners_without_tls": plain}),
        ))
    });
}

fn classic_draining(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_classic(cx, out, |c| {
        Some(match &c.attributes {
            Some(a) => {
                let on = a.connection_draining.as_ref().is_some_and(|f| f.enabled);
                (status(on), json!({"connection_draining": on}))
            }
            None => missing_classic(c, "describe-load-balancer-attributes"),
        })
    });
}

fn classic_cross_zone(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_classic(cx, out, |c| {
        Some(match &c.attributes {
            Some(a) => {
                let on = a
                    .cross_zone_load_balancing
                    .as_ref()
                    .is_some_and(|f| f.enabled);
                (status(on), json!({"cross_zone_load_balancing": on}))
            }
            None => missing_classic(c, "describe-load-balancer-attributes"),
        })
    });
}

fn classic_desync(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_classic(cx, out, |c| {
        Some(match &c.attributes {
            Some(a) => {
                let mode = a
                    .additional_attributes
                    .iter()
                    .find(|x| x.key == "elb.http.desyncmitigationmode")
                    .and_then(|x| x.value.as_deref());
                (
                    status(matches!(mode, Some("defensive" | "strictest"))),
                    json!({"desync_mitigation_mode": mode}),
                )
            }
            None => missing_classic(c, "describe-load-balancer-attributes"),
        })
    });
}

fn classic_multi_az(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_classic(cx, out, |c| {
        let zones = &c.load_balancer.availability_zones;
        Some((
            status(zones.len() >= 2),
            json!({"availability_zones": zones, "minimum": 2}),
        ))
    });
}

fn access_logging(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    v2_attribute(cx, out, "access_logs.s3.enabled", |v| v == Some("true"));
    each_classic(cx, out, |c| {
        Some(match &c.attributes {
            Some(a) => {
                let on = a.access_log.as_ref().is_some_and(|f| f.enabled);
                (status(on), json!({"access_log": on}))
            }
            None => missing_classic(c, "describe-load-balancer-attributes"),
        })
    });
}

const STRONG_POLICY: &str = "ELBSecurityPolicy-TLS-1-2-2017-01";

fn classic_tls_policy(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    each_classic(cx, out, |c| {
        let listeners: Vec<_> = c
            .load_balancer
            .listener_descriptions
            .iter()
            .filter(|l| is_tls(&l.listener.protocol))
            .collect();
        if listeners.is_empty() {
            return Some((Status::NotApplicable, json!({"tls_listeners": 0})));
        }
        let Some(policies) = &c.policies else {
            return Some(missing_classic(c, "describe-load-balancer-policies"));
        };
        let mut weak = Vec::new();
        for l in listeners {
            let used: Vec<Option<&str>> = l
                .policy_names
                .iter()
                .filter_map(|name| policies.iter().find(|p| &p.policy_name == name))
                .filter(|p| p.policy_type_name.as_deref() == Some("SSLNegotiationPolicyType"))
                .map(|p| {
                    if p.policy_name == STRONG_POLICY {
                        return Some(STRONG_POLICY);
                    }
                    p.policy_attribute_descriptions
                        .iter()
                        .find(|a| a.attribute_name == "Reference-Security-Policy")
                        .and_then(|a| a.attribute_value.as_deref())
                })
                .collect();
            let strong = l.policy_names.iter().any(|n| n == STRONG_POLICY)
                || (!used.is_empty() && used.iter().all(|u| *u == Some(STRONG_POLICY)));
            if !strong {
                weak.push(json!({"port": l.listener.load_balancer_port, "policies": l.policy_names, "reference_security_policies": used}));
            }
        }
        Some((
            status(weak.is_empty()),
            json!({"required_policy": STRONG_POLICY, "listeners_without_it": weak}),
        ))
    });
}
