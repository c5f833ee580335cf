//! Linting resource files: files whose resources are requests
//! (infrastructure code and its plans; see the input layer). The input layer builds
//! each request's parameters under the API's names; each is linted like any
//! request, and its findings are then shown in the file's own terms (the
//! request's [`crate::input::Renaming`]). What the input layer found while
//! reading (unknown arguments, impossible in-place changes) is reported
//! under the matching core rule.

use std::sync::Arc;

use super::{format_name, Engine, FileOutcome};
use crate::core_rules::sink::Sink;
use crate::core_rules::{CoreRule, IMMUTABLE_CHANGE, SYNTAX_ERROR, UNKNOWN_PARAMETER, WRONG_TYPE};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::document::{ends_with_ignore_ascii_case, Format, ParsedStream, SourceFile};
use crate::fix::{Edit, Fix};
use crate::input::{
    config_requests, mentions_mapped_type, plan_requests, DirectoryContext, InputFinding,
    InputProblem, ResourceFileKind, ResourceRequests, Role,
};
use crate::suppress::inline_suppressions;

impl Engine<'_> {
    /// Lint a resource file into `out`.
    pub(super) fn lint_resources(
        &self,
        source: Arc<SourceFile>,
        parsed: &ParsedStream,
        kind: ResourceFileKind,
        role: Role,
        context: Option<&DirectoryContext>,
        out: &mut FileOutcome,
    ) {
        let json = !ends_with_ignore_ascii_case(&source.name, ".tf");
        if !parsed.errors.is_empty() {
            // A file of the directory that maps no resource of a loaded set
            // is another module's business.
            if role == Role::Found && !mentions_mapped_type(&source.text, self.sets) {
                out.skipped += 1;
                return;
            }
            let format = if json { Format::Json } else { Format::Hcl };
            for error in &parsed.errors {
                let message = format!("{} syntax error: {}", format_name(format), error.message);
                out.diagnostics.push(self.file_finding(
                    &source,
                    &SYNTAX_ERROR,
                    message,
                    error.span,
                ));
            }
            out.source = Some(source);
            return;
        }
        out.suppressions = inline_suppressions(&source, &parsed.comments);
        let root = parsed.documents.first();
        let own;
        let requests: ResourceRequests<'_> = match (kind, root) {
            (ResourceFileKind::Plan, Some(root)) => plan_requests(root, &source, self.sets),
            (ResourceFileKind::Plan, None) => ResourceRequests {
                skipped: 1,
                ..ResourceRequests::default()
            },
            (ResourceFileKind::Config, _) => {
                let context = match context {
                    Some(c) => c,
                    None => {
                        own = DirectoryContext::single(&source, self.sets);
                        out.facts.extend(own.facts.iter().cloned());
                        &own
                    }
                };
                config_requests(root, &source, self.sets, context, json)
            }
        };
        // A file with nothing of a loaded set's is another module's: its
        // suppression comments are not judged.
        if requests.requests.is_empty() && requests.findings.is_empty() && !requests.declares_vpcs {
            out.suppressions.clear();
        }
        out.skipped += requests.skipped;
        out.secrets.extend(requests.secrets.iter().copied());
        out.facts.extend(requests.facts.iter().cloned());
        let file: Arc<str> = Arc::from(source.name.as_str());
        for request in &requests.requests {
            out.documents += 1;
            let (mut diagnostics, facts) =
                self.lint_request(&source, &file, &request.candidate(), &mut out.secrets);
            for d in &mut diagnostics {
                request.renaming.apply(d);
            }
            out.diagnostics.append(&mut diagnostics);
            if let Some(facts) = facts {
                let id = out.store_file(&source, &self.spares);
                out.store.push_request(
                    id,
                    &facts,
                    crate::store::DocPlace {
                        doc_start: 0,
                        root_start: 0,
                        form: crate::store::Form::Full,
                        derivable: false,
                    },
                );
            }
            out.renamings
                .push((request.document, Arc::new(request.renaming.clone())));
        }
        for finding in &requests.findings {
            if let Some(d) = self.input_finding(&source, &file, finding) {
                out.diagnostics.push(d);
            }
        }
        out.diagnostics.sort_by(|a, b| {
            (a.location.span.start, &a.code, a.location.span.end).cmp(&(
                b.location.span.start,
                &b.code,
                b.location.span.end,
            ))
        });
        let keep = !out.diagnostics.is_empty()
            || !out.suppressions.is_empty()
            || out.documents > 0
            || requests.declares_vpcs;
        if keep {
            out.source = Some(source);
        }
    }

    /// The diagnostic of a finding of the input layer (`None`: its rule is off).
    fn input_finding(
        &self,
        source: &SourceFile,
        file: &Arc<str>,
        finding: &InputFinding,
    ) -> Option<Diagnostic> {
        let rule: &CoreRule = match finding.problem {
            InputProblem::UnknownParameter => &UNKNOWN_PARAMETER,
            InputProblem::WrongType => &WRONG_TYPE,
            InputProblem::ImmutableChange => &IMMUTABLE_CHANGE,
            InputProblem::Unreadable => {
                let mut d = Diagnostic::new(
                    source.name.clone(),
                    SYNTAX_ERROR.id,
                    Severity::Error,
                    finding.message.clone(),
                    Location::resolve(source, finding.span),
                );
                d.pointer = finding.pointer.clone();
                return Some(d);
            }
        };
        let mut sink = Sink::new(
            &self.options.severities,
            source,
            Arc::clone(file),
            finding.document.unwrap_or(0),
        );
        sink.provider = finding.provider.clone();
        match &finding.rename {
            Some(new) => sink.emit_fixable(
                rule,
                finding.message.clone(),
                finding.help.clone(),
                &finding.pointer,
                finding.span,
                Fix::unsafe_(
                    format!("rename the argument to `{}`", new.trim_matches('"')),
                    vec![Edit::new(finding.span, new.clone())],
                ),
            ),
            None => sink.emit_labelled(
                rule,
                finding.message.clone(),
                finding.help.clone(),
                &finding.pointer,
                finding.span,
                finding.labels.clone(),
            ),
        }
        let mut d = sink.out.pop()?;
        d.document = finding.document;
        Some(d)
    }
}
