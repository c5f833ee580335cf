//! Did-you-mean suggestions for unknown names.
//!
//! A candidate is suggested when it equals the input ignoring ASCII case, or
//! when its edit distance (Levenshtein, case-insensitive) is at most a third
//! of the input's length (at least 1).

/// The closest of `candidates` to `input`, if one is close enough.
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = input.to_lowercase();
    let limit = (input.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if candidate == input {
            continue;
        }
        let candidate_lower = candidate.to_lowercase();
        // A prefix of three or more characters (`exa` → `example`)
        // counts as close.
        // A rule id written without its provider (`name-length` for
        // `acme/name-length`) is compared with the part after the `/`.
        let suffix = (!lower.contains('/'))
            .then(|| candidate_lower.rsplit_once('/').map(|(_, s)| s))
            .flatten();
        let distance = if candidate_lower == lower || suffix == Some(lower.as_str()) {
            0
        } else if lower.chars().count() >= 3 && candidate_lower.starts_with(&lower) {
            1
        } else {
            let whole = levenshtein(&lower, &candidate_lower);
            suffix.map_or(whole, |s| whole.min(levenshtein(&lower, s)))
        };
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// `; did you mean `x`?` naming the closest candidate, or nothing.
pub fn hint<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(input, candidates)
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default()
}

/// `did you mean `x`? ` naming the closest candidate (to start a help
/// line), or nothing.
pub fn hint_prefix<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(input, candidates)
        .map(|s| format!("did you mean `{s}`? "))
        .unwrap_or_default()
}

/// Edit distance in Unicode scalar values.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            current[j + 1] = (previous[j] + cost)
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_case_and_typos() {
        let known = ["remoteVpcId", "vpcId", "vpcPeeringName", "description"];
        assert_eq!(did_you_mean("remoteVpcID", known), Some("remoteVpcId"));
        assert_eq!(did_you_mean("descripton", known), Some("description"));
        assert_eq!(did_you_mean("zzz", known), None);
        assert_eq!(did_you_mean("acmee", ["acme", "nimbus"]), Some("acme"));
    }

    #[test]
    fn distance_counts_scalars() {
        assert_eq!(levenshtein("名字", "名"), 1);
        assert_eq!(levenshtein("kitten", "sitting"), 3);
    }
}
