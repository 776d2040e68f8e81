//! Turns pest's errors into diagnostics in the language's own terms.
//!
//! pest reports the grammar rules it tried; a drafter knows nothing of rules, so
//! each is described by what it stands for ("a voting rule such as `unanimity`").
//! Malformed numbers, misspelled keywords and missing voting rules get codes of
//! their own, because each has a specific fix.

use std::collections::BTreeSet;

use pest::error::{Error, ErrorVariant, InputLocation};

use super::Rule;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span};
use crate::suggest::closest;

const ITEM: &str = "a treaty item such as `article`, `body`, `rule` or a provision";
const VOTING_RULE: &str = "a voting rule such as `unanimity` or `qmv`";
const CRITERION: &str =
    "a voting criterion such as `members >= 55%`, `population >= 65%`, `unanimity` or `blocking minority >= 4 members`";
const BODY_CLAUSE: &str = "a body clause such as `seats:`, `decides`, `appoints` or `reports to`";
const NAME: &str = "a name";
const MODALITY: &str = "`must`, `must not`, `may` or `may not`";
const COMPARISON: &str = "a comparison such as `>=` or `at least`";
const OPERATOR: &str = "an operator";
const OPTION: &str = "a further condition of the power";

/// Describes what a grammar rule stands for; `None` for rules never reported.
fn describe(r: Rule) -> Option<&'static str> {
    use Rule::*;
    Some(match r {
        EOI => "the end of the file",
        file | treaty | amendment | document_head => "`treaty` or `amendment`",
        article_head => "`article`",
        facts | parties | body | rule | article | stage | procedure | sanction | fund | criterion | provision
        | next_item | item_pair | item_only | next_article_item | article_item_only | article_item_pair => ITEM,
        text => "`text`",
        attribute => "a fact attribute such as `population: count`",
        fact_type | t_count | t_money | t_ratio | t_percent | t_bool | t_year | t_score | t_enum => {
            "a type such as `count`, `money`, `percent`, `ratio`, `bool`, `year`, `score 0..100` or `one of { ... }`"
        }
        derived => "a derived fact such as `= defence_spending / gdp`",
        party => "a party such as `BEL \"Belgium\"`",
        body_kind | external_body => "`body`, `external body` or `office`",
        seats | permanent_seats | power | relation | proposes | approves | appoints | elects | reports_to
        | oversees | interprets | arbitrates | authorises | cooperates_with | headed_by => BODY_CLAUSE,
        seat_count | one_per_member => "`one per member` or a number of seats",
        seat_origin | elected_directly | elected_by | appointed_by => {
            "`elected directly`, `elected by` or `appointed by`"
        }
        on_proposal | excluding_concerned | in_agreement | jointly_with | authorisation | ratification | prevailing => OPTION,
        target => "a body, `members` or `treaty`",
        rule_ref => VOTING_RULE,
        builtin_rule | unanimity | consensus | simple_majority | absolute_majority | two_thirds_majority
        | threshold | measure | blocking_minority | veto | quorum | abstention | absence => CRITERION,
        share_base | participants | votes_cast | present | all_members => {
            "`participants`, `votes cast`, `present` or `members`"
        }
        permanent_members => "`permanent members` or a list of members",
        vote_effect | counts_against | does_not_prevent | not_a_veto => {
            "`counts against`, `does not prevent adoption` or `is not a veto`"
        }
        comparison => COMPARISON,
        article_number => "an article number such as `5` or `5a`",
        entrenchment => "`entrenched`",
        subject | every_member | every_candidate | organisation => {
            "a subject such as `every member`, `every candidate`, `the organisation` or a body"
        }
        modality | must | must_not | may | may_not => MODALITY,
        action | constraint | named_action | action_word => {
            "an action such as `assist attacked_member` or a condition on facts"
        }
        condition | when_condition | unless_condition => "`when` or `unless`",
        trigger | breach_of_article | breach_of_provision | failure_of_criteria => {
            "`breach of article N`, `breach of PROVISION` or `failure of membership criteria`"
        }
        measure_word => "a measure such as `suspend voting_rights`",
        fund_share | managed_by | beneficiaries => "`share:`, `managed by`, `cooperates with` or `beneficiaries:`",
        add_change | remove_change => "`add`, `replace` or `remove`",
        insert_change | repeal_change | replace_change => "`insert`, `replace` or `repeal`",
        item_ref | item_ref_kind => "a provision to address, such as `article 5` or `body Council`",
        proposed_by | adopted_by | ratified_by_clause => "`proposed by`, `adopted by` or `ratified by`",
        ratifiers | all_ratify => "`all members` or a share such as `2/3 of members`",
        expr | path | bool_lit | authorised | ratified | total | member_count | op_not | op_neg => "an expression",
        op_or | op_and | op_ge | op_le | op_ne | op_gt | op_lt | op_eq | op_add | op_sub | op_mul | op_div | op_of => {
            OPERATOR
        }
        number_lit | number | fraction | percent_sign => "a number",
        scale => "`thousand`, `million`, `billion` or `trillion`",
        unit => "a unit such as `members` or `USD`",
        ident | ident_list | provision_label | ident_word => NAME,
        string | string_body => "a quoted text",
        sanction_measure => "a measure such as `suspend voting_rights`",
        scenario | scenario_facts | scenario_vote | scenario_candidate | scenario_member => {
            "a scenario check such as `vote Council.ordinary yes all no HUN expect passes`"
        }
        ballot_part | ballot_role => "`yes`, `no`, `abstain`, `participants`, `concerned`, `seated` or `permitted`",
        vote_loss => "`no vote for member when CONDITION`",
        voters | all_except => "`all`, `all except ...` or a list of members",
        vote_expectation => "`passes` or `fails`",
        eligibility => "`eligible` or `not eligible`",
        expected_breach | no_breach => "`breach of article N` or `no breach`",
        membership_condition => "`when membership >= N`",
        derogation => "`notwithstanding article N`",
        decision_procedure => "`procedure NAME { ... }`",
        step | initiative_step | consultation_step | consent_step | decision_step | ratification_step
        | prerequisite_step | objection_step | request_step => {
            "a step: `initiative by`, `consultation of`, `consent of`, `decision of`, `ratification by`, `requires`, `objection by` or `request by`"
        }
        step_condition => "`when` and the condition the step is needed on",
        initiator => "a body, `any member`, `1/3 of members`, `the member concerned` or `the applicant`",
        procedure_taken => "a step taken: `applicant`, `concerned`, `initiated by`, `consulted`, `consented`, `decided`, `ratified by`, `completed`, `requested` or `complied`",
        procedure_expectation => "`adopted`, `pending`, `failed` or `undecided`",
        derogation_target => "`article N`, `provision NAME` or `this treaty`",
        _ => return keyword(r),
    })
}

/// `k_article` is described as "`article`".
fn keyword(r: Rule) -> Option<&'static str> {
    KEYWORDS.iter().find(|(k, _)| *k == r).map(|(_, d)| *d)
}

macro_rules! keywords {
    ($($rule:ident => $word:literal),* $(,)?) => {
        const KEYWORDS: &[(Rule, &str)] = &[$((Rule::$rule, concat!("`", $word, "`"))),*];
        /// Every keyword of the language, for "did you mean" suggestions.
        pub(crate) const KEYWORD_WORDS: &[&str] = &[$($word),*];
    };
}

keywords! {
    k_treaty => "treaty", k_amendment => "amendment", k_amends => "amends", k_facts => "facts",
    k_parties => "parties", k_external => "external", k_body => "body", k_office => "office",
    k_rule => "rule", k_article => "article", k_sanction => "sanction", k_fund => "fund",
    k_stage => "stage", k_text => "text", k_decides => "decides", k_by => "by", k_and => "and",
    k_or => "or", k_not => "not", k_every => "every", k_each => "each", k_must => "must",
    k_may => "may", k_shall => "shall", k_when => "when", k_unless => "unless", k_true => "true",
    k_false => "false", k_of => "of", k_with => "with", k_to => "to", k_on => "on", k_from => "from",
    k_after => "after", k_add => "add", k_remove => "remove", k_replace => "replace",
    k_insert => "insert", k_repeal => "repeal", k_entrenched => "entrenched",
    k_criterion => "criterion", k_seats => "seats", k_procedure => "procedure",
    k_provision => "provision", k_score => "score", k_one => "one", k_per => "per",
    k_member => "member", k_members => "members", k_candidate => "candidate",
    k_elected => "elected", k_directly => "directly", k_appointed => "appointed",
    k_permanent => "permanent", k_proposal => "proposal", k_excluding => "excluding",
    k_the => "the", k_concerned => "concerned", k_jointly => "jointly", k_subject => "subject",
    k_authorisation => "authorisation", k_ratification => "ratification",
    k_prevailing => "prevailing", k_over => "over", k_proposes => "proposes",
    k_approves => "approves", k_appoints => "appoints", k_elects => "elects",
    k_reports => "reports", k_oversees => "oversees", k_interprets => "interprets",
    k_arbitrates => "arbitrates", k_disputes => "disputes", k_between => "between",
    k_authorises => "authorises", k_cooperates => "cooperates", k_headed => "headed",
    k_unanimity => "unanimity", k_consensus => "consensus", k_simple => "simple",
    k_absolute => "absolute", k_two_thirds => "two-thirds", k_majority => "majority",
    k_participants => "participants", k_votes => "votes", k_cast => "cast",
    k_present => "present", k_blocking => "blocking", k_minority => "minority", k_veto => "veto",
    k_quorum => "quorum", k_abstention => "abstention", k_absence => "absence",
    k_counts => "counts", k_against => "against", k_does => "does", k_prevent => "prevent",
    k_adoption => "adoption", k_is => "is", k_a => "a", k_amendable => "amendable",
    k_organisation => "organisation", k_breach => "breach", k_failure => "failure",
    k_membership => "membership", k_criteria => "criteria", k_share => "share",
    k_managed => "managed", k_beneficiaries => "beneficiaries", k_proposed => "proposed",
    k_adopted => "adopted", k_ratified => "ratified", k_all => "all",
    k_authorised => "authorised", k_authorized => "authorized", k_total => "total",
    k_number => "number", k_at => "at", k_least => "least", k_most => "most", k_more => "more",
    k_less => "less", k_than => "than", k_scenario => "scenario", k_vote => "vote", k_expect => "expect",
    k_yes => "yes", k_no => "no", k_abstain => "abstain", k_except => "except", k_passes => "passes",
    k_fails => "fails", k_eligible => "eligible", k_notwithstanding => "notwithstanding",
    k_way => "way", k_derogation => "derogation", k_this => "this", k_exclusively => "exclusively",
    k_for => "for", k_initiative => "initiative", k_any => "any", k_applicant => "applicant",
    k_consultation => "consultation", k_consent => "consent", k_decision => "decision",
    k_requires => "requires", k_initiated => "initiated", k_consulted => "consulted",
    k_consented => "consented", k_decided => "decided", k_completed => "completed",
    k_pending => "pending", k_in => "in", k_set => "set", k_given => "given", k_kept => "kept",
    k_voted => "voted", k_failed => "failed", k_agreement => "agreement", k_agreed => "agreed",
    k_seated => "seated", k_take => "take", k_part => "part", k_other => "other",
    k_states => "states", k_force => "force", k_as => "as", k_until => "until",
    k_immediately => "immediately", k_forthwith => "forthwith", k_regularly => "regularly",
    k_within => "within", k_entry => "entry", k_into => "into", k_notice => "notice",
    k_accession => "accession", k_deposit => "deposit", k_withdrawal => "withdrawal",
    k_open => "open", k_takes => "takes", k_effect => "effect", k_extension => "extension",
    k_suspension => "suspension", k_voting => "voting", k_rights => "rights",
    k_expulsion => "expulsion", k_before => "before", k_degressively => "degressively", k_proportional => "proportional", k_rounding => "rounding", k_apportioned => "apportioned", k_square => "square", k_cube => "cube", k_root => "root", k_base => "base", k_then => "then", k_history => "history",
    k_event => "event", k_met => "met", k_overdue => "overdue", k_due => "due",
    k_suspended => "suspended", k_withdrawing => "withdrawing", k_end => "end", k_year => "year",
    k_calendar => "calendar", k_following => "following", k_that => "that",
    k_renewed => "renewed", k_half => "half", k_re_eligible => "re-eligible",
    k_failing => "failing", k_which => "which", k_if => "if", k_efforts => "efforts", k_are => "are",
    k_exhausted => "exhausted", k_extendable => "extendable", k_approved => "approved",
    k_lapses => "lapses", k_objection => "objection", k_objected => "objected", k_request => "request", k_requested => "requested",
    k_complied => "complied", k_undecided => "undecided", k_upon => "upon", k_expiry => "expiry", k_permitted => "permitted", k_since => "since",
    k_extended => "extended", k_otherwise => "otherwise", k_including => "including",
    k_questions => "questions", k_matters => "matters", k_classified => "classified",
    k_contested => "contested", k_revoked => "revoked", k_accepting => "accepting", k_counting => "counting", k_covers => "covers",
    k_withdraw => "withdraw", k_once => "once", k_bound => "bound",
}

/// The words that start an item; a misspelling of one at the start of a line is a
/// misspelled keyword, not a provision whose subject is a body. (The language
/// server offers them at the start of an item.)
/// The words that begin a step of a decision procedure.
pub(crate) const STEP_WORDS: &[&str] = &[
    "initiative",
    "consultation",
    "consent",
    "decision",
    "ratification",
    "requires",
    "objection",
    "request",
];

pub(crate) const ITEM_WORDS: &[&str] = &[
    "article",
    "body",
    "rule",
    "facts",
    "parties",
    "external",
    "office",
    "stage",
    "sanction",
    "fund",
    "criterion",
    "text",
    "amendment",
    "treaty",
    "insert",
    "replace",
    "repeal",
    "every",
    "each",
    "procedure",
    "scenario",
    "other",
    "in",
    "accession",
    "withdrawal",
    "suspension",
    "expulsion",
    "the",
];

/// The words that start a clause of a body, misspelled as item words are.
pub(crate) const BODY_CLAUSE_WORDS: &[&str] = &[
    "decides",
    "no",
    "seats",
    "proposes",
    "approves",
    "appoints",
    "elects",
    "reports",
    "oversees",
    "interprets",
    "arbitrates",
    "authorises",
    "cooperates",
    "headed",
    "permanent",
];

/// The words that start an item or a body's clause.
/// (`in` is left out: too short to tell a misspelling of it from another word.)
fn item_or_clause_words() -> impl Iterator<Item = &'static str> {
    ITEM_WORDS
        .iter()
        .chain(BODY_CLAUSE_WORDS)
        .copied()
        .filter(|w| w.len() > 2)
}

/// Whether the grammar's `reserved` rule takes the whole word.
fn is_reserved(word: &str) -> bool {
    use pest::Parser;
    super::TreatyParser::parse(Rule::reserved, word)
        .ok()
        .and_then(|mut pairs| pairs.next())
        .is_some_and(|p| p.as_str().len() == word.len())
}

/// Words that begin a clause of a voting rule.
const RULE_WORDS: &[&str] = &[
    "unanimity",
    "consensus",
    "simple",
    "absolute",
    "two-thirds",
    "majority",
    "quorum",
    "veto",
    "blocking",
    "abstention",
    "absence",
    "members",
];

/// The token found at `pos`: a word, a number-like run, or one character.
fn token_at(text: &str, pos: usize) -> Option<(usize, usize)> {
    let rest = text.get(pos..)?;
    let first = rest.chars().next()?;
    let len = if first.is_ascii_digit() {
        // Take everything a drafter might have meant as one number: `1.2.3`, `15x`, `2,5`.
        rest.char_indices()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ',')))
            .map_or(rest.len(), |(i, _)| i)
    } else if first.is_alphabetic() || first == '_' {
        rest.char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || matches!(c, '_' | '-')))
            .map_or(rest.len(), |(i, _)| i)
    } else {
        first.len_utf8()
    };
    // A number followed by `%` or a trailing `.`/`,` ends before them.
    let len = if first.is_ascii_digit() {
        rest.get(..len).map_or(len, |t| t.trim_end_matches(['.', ',']).len())
    } else {
        len
    };
    Some((pos, pos + len))
}

/// A diagnostic for a pest error on `text[offset..]`; `text` is the whole file.
pub(crate) fn from_pest(error: &Error<Rule>, file: FileId, text: &str, offset: usize) -> Diagnostic {
    let attempts = error.parse_attempts();
    let local = match (&attempts, &error.location) {
        (Some(a), _) if a.max_position > 0 => a.max_position,
        (_, InputLocation::Pos(p)) => *p,
        (_, InputLocation::Span((s, _))) => *s,
    };
    let pos = offset + local;
    let span = |s: usize, e: usize| Span::new(file, s, e.max(s));
    if let Some((ws, we)) = period_from_a_word(text, pos) {
        let word = text.get(ws..we).unwrap_or("");
        return Diagnostic::new(
            Code::E0001,
            span(ws, we),
            format!("a time limit runs from an event, and `{word}` is not one"),
        )
        .with_primary_label("not an event a period can run from")
        .with_help(crate::suggest::period_sources(word));
    }

    let mut positives: Vec<Rule> = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    // After `seats`, a missing colon is far likelier than a condition meant
    // (`seats degressively proportional to ...`): name the colon alone.
    let seat_condition_tried = positives.contains(&Rule::k_degressively) || positives.contains(&Rule::k_apportioned);
    positives.retain(|r| !matches!(r, Rule::k_degressively | Rule::k_apportioned));
    // Raw tokens pest tried at the error: punctuation is named as written; words
    // and character ranges mean a construct is expected, described by its rule.
    let mut punctuation: BTreeSet<String> = BTreeSet::new();
    let mut wanted_words = false;
    // The words themselves, for a rule no description names (`year` in a
    // duration): the drafter is told those rather than nothing.
    let mut tried_words: BTreeSet<String> = BTreeSet::new();
    if let Some(a) = &attempts {
        for t in a.expected_tokens() {
            let token = t.to_string();
            let noise = token.trim().is_empty()
                || matches!(token.as_str(), "//" | "/*" | "\\" | "\"" | "_")
                || (seat_condition_tried && matches!(token.as_str(), "degressively" | "apportioned"));
            if noise {
                continue;
            }
            if token.chars().any(char::is_alphanumeric) || token.contains("..") {
                wanted_words = true;
                if token.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                    tried_words.insert(token);
                }
            } else {
                punctuation.insert(format!("`{token}`"));
            }
        }
    }
    let mut expected: BTreeSet<&'static str> = BTreeSet::new();
    if wanted_words || punctuation.is_empty() {
        expected.extend(positives.iter().filter_map(|r| describe(*r)));
    }
    // A category already names its own keywords ("a voting criterion" covers `quorum`).
    let clause_words: Vec<&str> = item_or_clause_words().collect();
    for (category, words) in [
        (CRITERION, RULE_WORDS),
        (ITEM, clause_words.as_slice()),
        (BODY_CLAUSE, clause_words.as_slice()),
        // `no vote for member when ...` begins a body clause too.
        (BODY_CLAUSE, &["no"]),
    ] {
        if expected.contains(category) {
            for w in words {
                if let Some(k) = KEYWORDS.iter().find(|(_, d)| d.trim_matches('`') == *w) {
                    expected.remove(k.1);
                }
            }
        }
    }
    // Operators and power options can always continue what came before; they are
    // worth naming only when nothing else is possible.
    if expected.iter().any(|e| *e != OPERATOR && *e != OPTION) || !punctuation.is_empty() {
        expected.remove(OPERATOR);
        expected.remove(OPTION);
    }
    // Inside a document the end of the file is never what is missing when
    // anything else could follow.
    if expected.len() > 1 || !punctuation.is_empty() {
        expected.remove("the end of the file");
    }
    // "a comparison such as `>=`" already names the comparison signs.
    if expected.contains(COMPARISON) {
        punctuation.retain(|p| !matches!(p.as_str(), "`>=`" | "`>`" | "`<=`" | "`<`" | "`=`" | "`!=`"));
    }
    let words_named = if expected.is_empty() {
        tried_words.iter().map(|w| format!("`{w}`")).collect()
    } else {
        Vec::new()
    };
    let phrases = distinct(
        expected
            .iter()
            .map(|s| s.to_string())
            .chain(words_named)
            .chain(punctuation),
    );
    let expected_text = join_or(&phrases);

    // A malformed number: pest stops inside it (at the second `.` of `1.2.3`, at the
    // `x` of `15x`), so look back to where the number starts.
    let number_start = text
        .get(..pos)
        .map(|before| {
            before
                .trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | '_' | ','))
                .len()
        })
        .unwrap_or(pos);
    if number_start < pos
        || text
            .get(pos..)
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    {
        let starts_word = text
            .get(..number_start)
            .and_then(|b| b.chars().last())
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        if let Some((s, e)) = token_at(text, number_start) {
            let token = text.get(s..e).unwrap_or("");
            if starts_word && token.starts_with(|c: char| c.is_ascii_digit()) && super::is_malformed_number(token) {
                return Diagnostic::new(Code::E0004, span(s, e), format!("malformed number `{token}`"))
                    .with_primary_label("not a number the language can read")
                    .with_help("write digits with an optional decimal point (`2.5`), `_` between thousands (`1_000`), and a unit after a space (`15 members`)");
            }
        }
    }

    // A keyword where a name is expected: pest stops after the keyword.
    if expected.contains(NAME) {
        if let Some((ws, we)) = word_before(text, pos) {
            let word = text.get(ws..we).unwrap_or("");
            let at_boundary = text
                .get(pos..)
                .is_none_or(|r| r.starts_with(|c: char| !(c.is_alphanumeric() || c == '_')));
            if at_boundary && we == pos && is_reserved(word) {
                return Diagnostic::new(
                    Code::E0001,
                    span(ws, we),
                    format!("`{word}` is a keyword and cannot be a name"),
                )
                .with_primary_label("a name is expected here")
                .with_help(format!(
                    "choose another name, such as `{word}_1` or a more specific word"
                ));
            }
        }
    }
    // pest makes sure a word is no keyword before it reads it as a name; that look
    // ahead reads to the end of the keyword (`and` then `article` on the next line),
    // past where the parse failed: at the keyword itself.
    let pos = match word_before(text, pos) {
        Some((ws, we))
            if we == pos
                && text
                    .get(pos..)
                    .is_none_or(|r| !r.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
                && is_reserved(text.get(ws..we).unwrap_or("")) =>
        {
            ws
        }
        _ => pos,
    };
    // Point at the next token, not at the blank before it.
    let pos = text.get(pos..).map_or(pos, |r| pos + (r.len() - r.trim_start().len()));
    let found = token_at(text, pos);
    let found_text = found.and_then(|(s, e)| text.get(s..e)).unwrap_or("");
    let found_desc = if found.is_none() {
        "the end of the file".to_string()
    } else {
        format!("`{found_text}`")
    };
    let (fs, fe) = found.unwrap_or((text.len(), text.len()));
    // Something missing at the end of a line: the parser reads on and fails at the
    // next line's first word, which is right where it stands (a `}`, a keyword, a
    // whole item). The fault is before it: the token the missing part must follow.
    let missing_after = token_before(text, offset, fs).filter(|&(_, end)| {
        text.get(end..fs).is_some_and(|gap| gap.contains('\n')) && begins_well(text, fs, found_text)
    });
    if let Some((ws, we, keyword)) = condition_word_in_act(text, missing_after.map_or(fs, |(s, _)| s)) {
        return misspelled(span(ws, we), text.get(ws..we).unwrap_or(""), keyword);
    }

    // A keyword that is only the start of the word written (`boolean`, `counts`,
    // `yearly`): the grammar took the keyword and stopped at the rest, which alone
    // (`ean`) means nothing to the drafter. Report the whole word, and the keyword.
    if let Some((ws, we)) = word_before(text, pos) {
        let keyword = text.get(ws..we).unwrap_or("");
        let glued = we == pos && fs == pos && found_text.starts_with(|c: char| c.is_alphanumeric() || c == '_');
        // A keyword of the language, or one the expected constructs name (the
        // types `bool` and `year` are words only where a type is expected).
        let named = expected_text.contains(&format!("`{keyword}`"));
        if glued && !keyword.is_empty() && (KEYWORD_WORDS.contains(&keyword) || is_reserved(keyword) || named) {
            let whole = text.get(ws..fe).unwrap_or(keyword);
            return misspelled(span(ws, fe), whole, keyword);
        }
    }

    // Legal prose where a clause is expected (`The Parties agree that ...`): it
    // belongs in `text "..."`. A line of several words that starts with a capital
    // and has none of a clause's structure reads as prose.
    let line_start = text.get(..pos).and_then(|b| b.rfind('\n')).map_or(0, |i| i + 1);
    let line_end = text
        .get(pos..)
        .and_then(|r| r.find('\n'))
        .map_or(text.len(), |i| pos + i);
    if let Some(line) = text.get(line_start..line_end) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let first = words.first().copied().unwrap_or("");
        // Clauses have structure (braces, quotes, `:`, `=`); prose has none.
        let prose = words.len() >= 4
            && first.starts_with(|c: char| c.is_uppercase())
            && !line.contains(['{', '}', '"', ':', '=']);
        if prose && missing_after.is_none() {
            let at = line_start + (line.len() - line.trim_start().len());
            let shown: String = line.trim().chars().take(40).collect();
            return Diagnostic::new(Code::E0001, span(at, line_start + line.trim_end().len()), "legal prose where a clause is expected")
                .with_primary_label("this reads as the treaty's text, not as a clause")
                .with_help(format!(
                    "write the legal text as `text \"{shown}...\"`, and the rule it states as a clause (`every member must ...`)"
                ));
        }
    }
    // A keyword written with capitals (`Article 1`): keywords are lowercase. Only
    // the first word of a line: within a line a capital starts a name or prose.
    for (ws, we) in [found, word_before(text, pos)].into_iter().flatten() {
        let word = text.get(ws..we).unwrap_or("");
        let lower = word.to_lowercase();
        if word != lower && KEYWORD_WORDS.contains(&lower.as_str()) && is_line_start(text, ws) {
            return Diagnostic::new(
                Code::E0009,
                span(ws, we),
                format!("`{word}` is written with capitals: keywords are lowercase"),
            )
            .with_primary_label(format!("did you mean `{lower}`?"))
            .with_help(format!("write `{lower}`; names may have capitals, keywords never do"));
        }
    }
    // A misspelled keyword where a keyword was expected.
    if found_text.starts_with(|c: char| c.is_alphabetic()) && missing_after.is_none() {
        let expected_words: Vec<&str> = positives
            .iter()
            .filter_map(|r| keyword(*r))
            .map(|k| k.trim_matches('`'))
            .collect();
        let mut candidates = expected_words;
        if expected.contains(ITEM) {
            candidates.extend(item_or_clause_words());
        }
        if expected.contains(CRITERION) || expected.contains(VOTING_RULE) {
            candidates.extend(RULE_WORDS);
        }
        if expected.contains(MODALITY) {
            candidates.extend(["must", "may", "shall"]);
        }
        // A procedure's step is one rule of the grammar: its first words.
        if positives.contains(&Rule::step) {
            candidates.extend(STEP_WORDS);
        }
        // `every party`, `each state`: the treaty's parties are its members.
        let party = matches!(
            found_text.to_lowercase().as_str(),
            "party" | "parties" | "state" | "states" | "country" | "countries" | "signatory" | "signatories"
        );
        if party && candidates.contains(&"member") {
            return Diagnostic::new(Code::E0009, span(fs, fe), format!("`{found_text}` is not a keyword of the language"))
                .with_primary_label("did you mean `member`?")
                .with_help("the treaty's parties are its members: write `every member must ...` (or `every member with ...` for some of them)");
        }
        if let Some(s) = closest(found_text, candidates) {
            return misspelled(span(fs, fe), found_text, s);
        }
        if let Some(s) = closest(found_text, tried_words.iter().map(String::as_str)) {
            return misspelled(span(fs, fe), found_text, s);
        }
    }
    // A word from a treaty's own vocabulary where the language has a keyword of
    // its own (`voting rule`, `chapter`, `organ`): name the keyword. Only the
    // first word of a line, where an item starts: the word found, or the word
    // before it when the grammar took that for a provision's subject (`chapter 1`).
    let before = word_before(text, pos).filter(|_| expected.contains(MODALITY));
    for (ws, we) in [found.filter(|_| missing_after.is_none()), before]
        .into_iter()
        .flatten()
    {
        let word = text.get(ws..we).unwrap_or("");
        // `Penalty must ...` would be a provision's subject, a name: not this.
        let next = text.get(we..).and_then(|r| r.split_whitespace().next()).unwrap_or("");
        if let Some((keyword, example)) = vocabulary(&word.to_lowercase()) {
            if is_line_start(text, ws) && !matches!(next, "must" | "may" | "shall") {
                return Diagnostic::new(
                    Code::E0009,
                    span(ws, we),
                    format!("`{word}` is not a keyword of the language"),
                )
                .with_primary_label(format!("did you mean `{keyword}`?"))
                .with_help(format!("write it as {example}"));
            }
        }
    }
    // A misspelled keyword that the grammar read as a name: the error surfaces only
    // at the next word (`artcle 5` reads as a provision whose subject is `artcle`,
    // `unanimty and` as a threshold on a weight called `unanimty`).
    if let Some((ws, we)) = word_before(text, pos) {
        let word = text.get(ws..we).unwrap_or("");
        let candidates: Vec<&str> = if expected.contains(MODALITY) && is_line_start(text, ws) {
            item_or_clause_words().collect()
        } else if expected.contains(COMPARISON) {
            RULE_WORDS.to_vec()
        } else {
            Vec::new()
        };
        if !KEYWORD_WORDS.contains(&word) {
            if let Some(s) = closest(word, candidates.iter().copied()) {
                return misspelled(span(ws, we), word, s);
            }
        }
    }

    // Habits from other notations, each with the way the language writes it.
    let habit = match found_text {
        "&" | "&&" => Some("write `and`: `members >= 55% and population >= 65%`".to_string()),
        "|" | "||" => Some("write `or`".to_string()),
        // `seats: 1 per member`: a figure before `per`.
        "per" if word_before(text, pos)
            .and_then(|(s, e)| text.get(s..e))
            .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit())) =>
        {
            Some(
                match word_before(text, pos).and_then(|(s, e)| text.get(s..e)) {
                    Some("1") => "write `seats: one per member`",
                    _ => "one seat per member is `seats: one per member`; several, each member's delegation: `seats: DEU 96, FRA 79`",
                }
                .to_string(),
            )
        }
        "least" | "most" if word_before(text, pos).and_then(|(s, e)| text.get(s..e)) == Some("at") => Some(format!(
            "name what is counted first, then the comparison: `members at {found_text} 55%` (or `members >= 55%`)"
        )),
        // In a rule's definition; after `by` (a rule named) E0010 says more.
        _ if found_text.starts_with(|c: char| c.is_ascii_digit())
            && expected.contains(CRITERION)
            && !positives.contains(&Rule::rule_ref) =>
        {
            Some("name what is counted first, then the figure: `members >= 55%`, `population >= 65%`".to_string())
        }
        _ => None,
    };
    if let Some(help) = habit {
        let message = if expected_text.is_empty() {
            format!("unexpected {found_desc}")
        } else {
            format!("expected {expected_text}, found {found_desc}")
        };
        return Diagnostic::new(Code::E0001, span(fs, fe), message)
            .with_primary_label("not written this way in a treaty")
            .with_help(help);
    }
    if positives.contains(&Rule::rule_ref) {
        let d = match missing_after {
            Some((ps, pe)) => Diagnostic::new(
                Code::E0010,
                span(ps, pe),
                format!("expected {VOTING_RULE}, found {found_desc}"),
            )
            .with_primary_label("a voting rule is missing after this")
            .with_label(span(fs, fe), follows(found_text)),
            None => Diagnostic::new(
                Code::E0010,
                span(fs, fe),
                format!("expected {VOTING_RULE}, found {found_desc}"),
            )
            .with_primary_label("a voting rule is missing here"),
        };
        // `by 2/3 majority`, `by 55%`: a share written where a rule is named.
        if found_text.starts_with(|c: char| c.is_ascii_digit()) {
            let written = text.get(fs..).and_then(|r| r.lines().next()).unwrap_or(found_text);
            return d.with_help(crate::suggest::share_as_rule(written));
        }
        return d.with_help("name a built-in rule (`unanimity`, `consensus`, `simple majority`, `absolute majority`, `two-thirds majority`) or a rule declared with `rule NAME = ...`");
    }

    // Only the end of the file would do: the parser found no item that could
    // start here, and "expected the end of the file" would send the drafter to
    // the wrong place.
    if positives.iter().all(|r| *r == Rule::EOI) && !positives.is_empty() && found.is_some() {
        // Within a line, the item before is complete and this word goes beyond
        // what it can say (`suspension ... by Council.suspension excluding
        // concerned`): the list of items would send the drafter elsewhere.
        if let Some(s) = closest(found_text, item_or_clause_words()) {
            return misspelled(span(fs, fe), found_text, s);
        }
        if let Some((ps, pe)) = token_before(text, offset, fs).filter(|_| !is_line_start(text, fs)) {
            return Diagnostic::new(
                Code::E0001,
                span(fs, fe),
                format!("{found_desc} goes beyond what the item before it can say"),
            )
            .with_primary_label("unexpected here")
            .with_label(span(ps, pe), "the item is complete here")
            .with_help("remove it, or see in `docs/language.md` what the item before can say");
        }
        return Diagnostic::new(
            Code::E0001,
            span(fs, fe),
            format!("{found_desc} does not begin anything a treaty holds"),
        )
        .with_primary_label("no item starts with this")
        .with_help(ITEM_HELP);
    }
    let message = if expected_text.is_empty() {
        format!("unexpected {found_desc}")
    } else {
        format!("expected {expected_text}, found {found_desc}")
    };
    let help = match phrases.as_slice() {
        [] => "see `docs/language.md` for the constructs allowed here".to_string(),
        [one] => format!("write {one} here"),
        _ => "write one of the constructs listed above; `docs/language.md` has an example of each".to_string(),
    };
    // `definitions {`: a word alone at the start of a line, read as a provision's
    // subject, and then a sign no provision has. No item starts with the word.
    if expected.contains(MODALITY) && missing_after.is_none() && !found_text.starts_with(|c: char| c.is_alphanumeric())
    {
        if let Some((ws, _)) = word_before(text, pos).filter(|(ws, _)| is_line_start(text, *ws)) {
            return no_item_starts_here(file, text, ws, false);
        }
    }
    if let Some((ps, pe)) = missing_after {
        return Diagnostic::new(Code::E0001, span(ps, pe), message)
            .with_primary_label("something is missing after this")
            .with_label(span(fs, fe), follows(found_text))
            .with_help(help);
    }
    let label = if found.is_none() {
        "the file ends here"
    } else {
        "unexpected here"
    };
    Diagnostic::new(Code::E0001, span(fs, fe), message)
        .with_primary_label(label)
        .with_help(help)
}

/// The last token that ends at or before `pos`, read forward from `from` (where a
/// token starts): blanks and comments are skipped, a quoted text is one token.
fn token_before(text: &str, from: usize, pos: usize) -> Option<(usize, usize)> {
    let mut last = None;
    let mut at = from;
    while at < pos {
        let rest = text.get(at..pos)?;
        let first = rest.chars().next()?;
        let start = at;
        if first.is_whitespace() {
            at += first.len_utf8();
            continue;
        }
        if rest.starts_with("//") {
            at += rest.find('\n').unwrap_or(rest.len());
            continue;
        }
        if let Some(comment) = rest.strip_prefix("/*") {
            at += 2 + comment.find("*/").map_or(comment.len(), |i| i + 2);
            continue;
        }
        at = if first == '"' {
            let mut chars = rest.char_indices().skip(1);
            let mut end = rest.len();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => {
                        chars.next();
                    }
                    '"' => {
                        end = i + 1;
                        break;
                    }
                    _ => {}
                }
            }
            start + end
        } else {
            token_at(text, start).map_or(start + first.len_utf8(), |(_, e)| e.max(start + 1))
        };
        if at <= pos {
            last = Some((start, at));
        }
    }
    last
}

/// Whether the token at `at` can begin what follows a finished line: the end of
/// the file, a closing brace, a keyword, or a whole item.
fn begins_well(text: &str, at: usize, found: &str) -> bool {
    use pest::Parser;
    found.is_empty()
        || found == "}"
        || KEYWORD_WORDS.contains(&found)
        || is_reserved(found)
        || text
            .get(at..)
            .is_some_and(|rest| super::TreatyParser::parse(Rule::next_item, rest).is_ok())
}

/// The secondary label on what was found after a line that stops short.
fn follows(found: &str) -> String {
    match found {
        "" => "the file ends here".to_string(),
        "}" => "the block closes here".to_string(),
        _ => format!("`{found}` begins what follows"),
    }
}

/// `within 30 days of ok`: the grammar reads a word after `of` as the body of a
/// decision (`Council.determination`) and fails at the missing dot, which says
/// nothing of what a period runs from. The word, when the failure follows it so.
fn period_from_a_word(text: &str, pos: usize) -> Option<(usize, usize)> {
    let (ws, we) = word_before(text, pos)?;
    if !text.get(we..pos)?.trim().is_empty() {
        return None;
    }
    let line_start = text.get(..ws)?.rfind('\n').map_or(0, |i| i + 1);
    let before: Vec<&str> = text.get(line_start..ws)?.split_whitespace().rev().take(4).collect();
    let word = text.get(ws..we)?;
    let event_word = matches!(word, "the" | "entry" | "notice" | "accession");
    match before.as_slice() {
        ["of" | "after", _unit, _count, "within"] if !event_word => Some((ws, we)),
        _ => None,
    }
}

/// A provision's act runs to the end of its line or to `when`, `unless`, ...: a
/// misspelling of one (`pay_costs whenn situation.x`) becomes a word of the act,
/// and the line fails later, at a sign no act has, far from the fault. The word
/// of the failing line's act, after its modality, that is a near miss of one.
fn condition_word_in_act(text: &str, at: usize) -> Option<(usize, usize, &'static str)> {
    let line_start = text.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let line_end = text.get(at..)?.find('\n').map_or(text.len(), |i| at + i);
    let line = text.get(line_start..line_end)?;
    let mut words = line
        .char_indices()
        .filter(|(i, c)| {
            (c.is_alphanumeric() || *c == '_')
                && line[..*i]
                    .chars()
                    .next_back()
                    .is_none_or(|p| !(p.is_alphanumeric() || p == '_' || p == '.'))
        })
        .map(|(i, _)| {
            let end = line[i..]
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .map_or(line.len(), |e| i + e);
            (i, end)
        });
    words.find(|&(s, e)| matches!(&line[s..e], "must" | "may" | "shall"))?;
    words
        .filter(|&(s, e)| !KEYWORD_WORDS.contains(&&line[s..e]) && !is_reserved(&line[s..e]))
        .find_map(|(s, e)| crate::suggest::condition_word(&line[s..e]).map(|k| (line_start + s, line_start + e, k)))
}

/// The word just before `pos` (skipping blanks).
fn word_before(text: &str, pos: usize) -> Option<(usize, usize)> {
    let trimmed = text.get(..pos)?.trim_end();
    let end = trimmed.len();
    let start = trimmed
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .map_or(0, |i| i + 1);
    (start < end).then_some((start, end))
}

fn is_line_start(text: &str, pos: usize) -> bool {
    let line_start = text.get(..pos).and_then(|b| b.rfind('\n')).map_or(0, |i| i + 1);
    text.get(line_start..pos).is_some_and(|indent| indent.trim().is_empty())
}

/// Words treaties use for what the language writes with a keyword of its own:
/// the keyword and an example of it.
fn vocabulary(word: &str) -> Option<(&'static str, &'static str)> {
    Some(match word {
        "voting" => ("rule", "`rule qmv = members >= 55% and population >= 65%`"),
        "preamble" => ("article", "`article preamble { text \"We the peoples ...\" }`"),
        "chapter" | "section" | "title" | "part" | "paragraph" | "clause" => (
            "article",
            "`article 5 \"Title\" { ... }` (number paragraphs as `article 16(4)`)",
        ),
        "organ" | "institution" => (
            "body",
            "`body Council { seats: one per member  decides DECISION by RULE }`",
        ),
        "penalty" | "penalties" | "sanctions" | "measure" | "measures" => (
            "sanction",
            "`sanction NAME on breach of article 7: BODY may suspend voting_rights by RULE`",
        ),
        "states" | "signatories" => ("parties", "`parties { AUT  BEL  ... }`"),
        "condition" | "requirement" | "eligibility" => ("criterion", "`criterion democracy: freedom_score >= 70`"),
        _ => return None,
    })
}

fn misspelled(span: Span, word: &str, suggestion: &str) -> Diagnostic {
    Diagnostic::new(Code::E0009, span, format!("unknown keyword `{word}`"))
        .with_primary_label(format!("did you mean `{suggestion}`?"))
        .with_help(format!("write `{suggestion}`"))
}

/// The things expected, each named once: a phrase that only lists words
/// ("`yes`, `no` or `abstain`") is split into its words, and a word already named
/// (alone or in a longer phrase, such as "a voting rule such as `unanimity`") is
/// not named again. The order is kept.
fn distinct(phrases: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for phrase in phrases {
        let words: Vec<&str> = phrase.split('`').collect();
        // Odd pieces are the quoted words; even ones what lies between them.
        let only_words = words.len() > 3
            && words
                .iter()
                .step_by(2)
                .all(|between| matches!(*between, "" | ", " | " or "));
        let parts: Vec<String> = if only_words {
            words.iter().skip(1).step_by(2).map(|w| format!("`{w}`")).collect()
        } else {
            vec![phrase]
        };
        for part in parts {
            let named = out
                .iter()
                .any(|o| *o == part || (part.starts_with('`') && o.contains(part.as_str())));
            if !named {
                out.push(part);
            }
        }
    }
    // A word named on its own before a longer phrase that names it too.
    let longer: Vec<String> = out.iter().filter(|p| !p.starts_with('`')).cloned().collect();
    out.retain(|p| !p.starts_with('`') || !longer.iter().any(|l| l.contains(p.as_str())));
    out
}

/// E0001 for a line that starts no item: the word that begins it, and the words
/// that begin one.
pub(crate) fn no_item_starts_here(file: FileId, text: &str, at: usize, in_article: bool) -> Diagnostic {
    let (s, e) = token_at(text, at).unwrap_or((at, at));
    let found = text.get(s..e).unwrap_or("");
    if in_article && matches!(found, "article" | "stage" | "scenario") {
        return Diagnostic::new(
            Code::E0001,
            Span::new(file, s, e),
            format!("`{found}` cannot stand inside an article"),
        )
        .with_primary_label(format!("an article holds no `{found}`"))
        .with_help(format!(
            "close the article before it: a `{found}` stands at the top of the treaty"
        ));
    }
    Diagnostic::new(
        Code::E0001,
        Span::new(file, s, e),
        format!("`{found}` does not begin anything a treaty holds"),
    )
    .with_primary_label("no item starts with this")
    .with_help(ITEM_HELP)
}

/// Every way an item begins, for the help of a line that begins none.
const ITEM_HELP: &str = "an item begins with `article`, `body`, `office`, `external body`, `rule`, `facts`, `parties`, `other states`, `in force from`, `sanction`, `fund`, `criterion`, `stage`, `procedure`, `amendment procedure`, `accession by`, `withdrawal`, `suspension of voting rights by`, `expulsion by`, `scenario` or `text`, or is a provision (`every member must ...`, `the organisation must ...`, `Council must ...`, with an optional label: `defence: every member must ...`); legal text goes in `text \"...\"`";

fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_words_come_from_the_grammar() {
        assert!(is_reserved("article"));
        assert!(!is_reserved("articles"));
        assert!(!is_reserved("population"));
    }

    /// A keyword the messages cannot name is dropped from "expected ...": every
    /// `k_*` rule of the grammar must be listed in `keywords!`.
    #[test]
    fn every_keyword_of_the_grammar_can_be_named() {
        let grammar = include_str!("../../grammar/treaty.pest");
        let missing: Vec<&str> = grammar
            .lines()
            .filter_map(|l| l.strip_prefix("k_"))
            .filter_map(|l| l.split_once("\""))
            .filter_map(|(_, rest)| rest.split_once('"'))
            .map(|(word, _)| word)
            .filter(|word| !KEYWORD_WORDS.contains(word))
            .collect();
        assert!(missing.is_empty(), "keywords! lacks {missing:?}");
    }

    #[test]
    fn number_tokens_take_the_whole_malformed_run() {
        assert_eq!(token_at("x 1.2.3 y", 2), Some((2, 7)));
        assert_eq!(token_at("15x", 0), Some((0, 3)));
    }
}
