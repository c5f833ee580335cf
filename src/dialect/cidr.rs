//! CIDR blocks as rule files and VPC facts write them.

use std::str::FromStr;

use ipnet::IpNet;

/// Parse `a.b.c.d/n` or an IPv6 CIDR; a bare address is not a CIDR.
pub fn parse_cidr(text: &str) -> Option<IpNet> {
    if let Some(net) = canonical_v4(text) {
        return Some(net);
    }
    if !text.contains('/') {
        return None;
    }
    IpNet::from_str(text).ok()
}

/// `a.b.c.d/n` written the plain way (each number without leading zeros,
/// octets to 255, the prefix to 32), read directly: every value and rule
/// reads CIDR blocks, and the general parser takes several times longer.
/// Any other text (IPv6, or a form the general parser judges) gives `None`.
fn canonical_v4(text: &str) -> Option<IpNet> {
    let bytes = text.as_bytes();
    let mut numbers = [0u32; 5];
    let mut at = 0;
    for (i, number) in numbers.iter_mut().enumerate() {
        let start = at;
        while at < bytes.len() && bytes[at].is_ascii_digit() && at - start < 3 {
            *number = *number * 10 + u32::from(bytes[at] - b'0');
            at += 1;
        }
        let digits = at - start;
        if digits == 0 || (digits > 1 && bytes[start] == b'0') {
            return None;
        }
        let separator = match i {
            0..=2 => Some(b'.'),
            3 => Some(b'/'),
            _ => None,
        };
        match separator {
            Some(s) if bytes.get(at) == Some(&s) => at += 1,
            Some(_) => return None,
            None if at != bytes.len() => return None,
            None => {}
        }
    }
    let [a, b, c, d, prefix] = numbers;
    if a > 255 || b > 255 || c > 255 || d > 255 || prefix > 32 {
        return None;
    }
    let address = std::net::Ipv4Addr::new(a as u8, b as u8, c as u8, d as u8);
    ipnet::Ipv4Net::new(address, prefix as u8)
        .ok()
        .map(IpNet::V4)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The direct reading agrees with the general parser wherever it
    /// answers, and answers for every plainly written IPv4 block.
    #[test]
    fn plain_blocks_read_as_the_general_parser_reads_them() {
        let general = |t: &str| IpNet::from_str(t).ok();
        for text in [
            "10.0.0.0/16",
            "0.0.0.0/0",
            "255.255.255.255/32",
            "192.168.1.7/24",
            "1.2.3.4/9",
        ] {
            assert_eq!(canonical_v4(text), general(text), "{text}");
            assert!(canonical_v4(text).is_some(), "{text}");
        }
        for text in [
            "010.0.0.0/16",
            "10.0.0.0/016",
            "10.0.0/16",
            "10.0.0.0.0/16",
            "10.0.0.0/33",
            "256.0.0.0/8",
            "10.0.0.0/",
            "10.0.0.0",
            "1000.0.0.0/8",
            "10.0.0.0/8 ",
            " 10.0.0.0/8",
            "10.0.0.0/8/8",
            "fd00::/8",
            "10.0.0.0/1234",
            "١٠.0.0.0/8",
            "",
            // Each octet alone out of range, and each separator wrong.
            "10.256.0.0/16",
            "10.0.256.0/16",
            "10.0.0.256/16",
            "10,0.0.0/16",
            "10.0;0.0/16",
            "10.0.0:0/16",
            "10.0.0.0|16",
            "10.0.0.0.16",
        ] {
            assert_eq!(canonical_v4(text), None, "{text}");
            assert_eq!(
                parse_cidr(text),
                general(text).filter(|_| text.contains('/')),
                "{text}"
            );
        }
        // Every octet and prefix value, written plainly.
        for n in 0..=255u32 {
            let text = format!("{n}.{}.{n}.0/{}", 255 - n, n % 33);
            assert_eq!(canonical_v4(&text), general(&text), "{text}");
            assert!(canonical_v4(&text).is_some());
        }
    }
}
