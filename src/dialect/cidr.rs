//! CIDR blocks as rule files and VPC facts write them.

use std::str::FromStr;

use ipnet::IpNet;

/// Parse `a.b.c.d/n` or an IPv6 CIDR; a bare address is not a CIDR.
pub fn parse_cidr(text: &str) -> Option<IpNet> {
    if !text.contains('/') {
        return None;
    }
    IpNet::from_str(text).ok()
}
