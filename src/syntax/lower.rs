//! Turns pest's parse tree into the AST, one function per grammar rule.
//!
//! The grammar guarantees each node's shape, so a missing child can only be a bug
//! here; such paths fall back to an empty value instead of panicking. Checks that
//! need the value of a literal (shares above 100%, unknown units, numbers out of
//! range) are made here, where the literal's span is at hand.

use pest::iterators::{Pair, Pairs};
use pest::pratt_parser::{Assoc, Op, PrattParser};

use super::Rule;
use crate::ast::number::{parse_decimal, scale_factor};
use crate::ast::*;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span};
use crate::syntax::scan::MAX_DEPTH;
use crate::time::{Length, TimeUnit};

/// The most operators one expression may hold: what an expression costs to
/// check grows with them, whether they are nested or chained flat
/// (`a or b or c ...`). Far above any treaty's longest condition.
pub const MAX_OPERATORS: usize = 10_000;

/// Operator precedence, loosest first.
static PRATT: std::sync::LazyLock<PrattParser<Rule>> = std::sync::LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::op_or, Assoc::Left))
        .op(Op::infix(Rule::op_and, Assoc::Left))
        .op(Op::prefix(Rule::op_not))
        .op(Op::infix(Rule::op_eq, Assoc::Left)
            | Op::infix(Rule::op_ne, Assoc::Left)
            | Op::infix(Rule::op_lt, Assoc::Left)
            | Op::infix(Rule::op_le, Assoc::Left)
            | Op::infix(Rule::op_gt, Assoc::Left)
            | Op::infix(Rule::op_ge, Assoc::Left))
        .op(Op::infix(Rule::op_add, Assoc::Left) | Op::infix(Rule::op_sub, Assoc::Left))
        .op(Op::infix(Rule::op_mul, Assoc::Left) | Op::infix(Rule::op_div, Assoc::Left))
        .op(Op::infix(Rule::op_of, Assoc::Left))
        .op(Op::prefix(Rule::op_neg))
});

pub(crate) struct Lowerer {
    file: FileId,
    /// Where the parsed text starts in the file (non-zero while resynchronising).
    offset: usize,
    pub diagnostics: Vec<Diagnostic>,
}

impl Lowerer {
    pub fn new(file: FileId, offset: usize) -> Lowerer {
        Lowerer {
            file,
            offset,
            diagnostics: Vec::new(),
        }
    }

    pub fn set_offset(&mut self, offset: usize) {
        self.offset = offset;
    }

    /// The span of a node, without the blanks and comments pest leaves at its end
    /// when an optional last part is absent.
    fn span(&self, p: &Pair<Rule>) -> Span {
        let s = p.as_span();
        let len = trim_trivia(p.as_str()).len();
        Span::new(self.file, self.offset + s.start(), self.offset + s.start() + len)
    }

    fn error(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    // ------------------------------------------------------------ documents

    pub fn document(&mut self, file: Pair<Rule>) -> Option<Document> {
        let inner = file
            .into_inner()
            .find(|p| matches!(p.as_rule(), Rule::treaty | Rule::amendment))?;
        Some(match inner.as_rule() {
            Rule::amendment => Document::Amendment(self.amendment(inner)),
            _ => Document::Treaty(self.treaty(inner)),
        })
    }

    /// The head of a document whose body failed to parse: its name and kind.
    pub fn document_head(&mut self, head: Pair<Rule>, span: Span) -> Document {
        let mut idents = Vec::new();
        let mut title = None;
        let mut is_amendment = false;
        for p in head.into_inner() {
            match p.as_rule() {
                Rule::ident => idents.push(self.ident(&p)),
                Rule::string => title = Some(self.text(&p)),
                Rule::k_amendment => is_amendment = true,
                _ => {}
            }
        }
        let mut idents = idents.into_iter();
        let name = idents.next().unwrap_or_else(|| self.missing(span));
        if is_amendment {
            let amends = idents.next().unwrap_or_else(|| self.missing(span));
            Document::Amendment(Amendment {
                name,
                title,
                amends,
                changes: Vec::new(),
                span,
            })
        } else {
            Document::Treaty(Treaty {
                name,
                title,
                items: Vec::new(),
                span,
            })
        }
    }

    fn missing(&self, span: Span) -> Ident {
        Ident {
            name: String::new(),
            span,
        }
    }

    fn treaty(&mut self, p: Pair<Rule>) -> Treaty {
        let span = self.span(&p);
        let mut name = None;
        let mut title = None;
        let mut items = Vec::new();
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::ident => name = Some(self.ident(&c)),
                Rule::string => title = Some(self.text(&c)),
                _ => items.extend(self.item(c)),
            }
        }
        Treaty {
            name: name.unwrap_or_else(|| self.missing(span)),
            title,
            items,
            span,
        }
    }

    fn amendment(&mut self, p: Pair<Rule>) -> Amendment {
        let span = self.span(&p);
        let mut idents = Vec::new();
        let mut title = None;
        let mut changes = Vec::new();
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::ident => idents.push(self.ident(&c)),
                Rule::string => title = Some(self.text(&c)),
                _ => changes.extend(self.change(c)),
            }
        }
        let mut idents = idents.into_iter();
        Amendment {
            name: idents.next().unwrap_or_else(|| self.missing(span)),
            title,
            amends: idents.next().unwrap_or_else(|| self.missing(span)),
            changes,
            span,
        }
    }

    /// Lowers the content of `next_item`: one item or one amendment change.
    pub fn lone_item(&mut self, p: Pair<Rule>) -> Vec<Lone> {
        let mut out = Vec::new();
        for c in p.into_inner() {
            if let Some(change) = self.change(c.clone()) {
                out.push(Lone::Change(change));
            } else if let Some(item) = self.item(c) {
                out.push(Lone::Item(Box::new(item)));
            }
        }
        out
    }

    pub fn item(&mut self, p: Pair<Rule>) -> Option<Item> {
        Some(match p.as_rule() {
            Rule::facts => Item::Facts(self.facts(p)),
            Rule::parties => Item::Parties(self.parties(p)),
            Rule::other_states => Item::OtherStates(self.parties(p)),
            Rule::entry_into_force => match p.clone().into_inner().find(|c| c.as_rule() == Rule::entry_condition) {
                Some(c) => Item::EntryCondition(self.entry_condition(c)),
                None => Item::EntryIntoForce(self.date_in(&p)?),
            },
            Rule::membership_change => Item::Membership(Box::new(self.membership_change(p)?)),
            Rule::body => Item::Body(Box::new(self.body(p))),
            Rule::rule => Item::Rule(Box::new(self.rule(p))),
            Rule::article => Item::Article(Box::new(self.article(p))),
            Rule::stage => Item::Stage(Box::new(self.stage(p))),
            Rule::procedure => Item::Procedure(Box::new(self.procedure(p))),
            Rule::adopted_amendment => Item::Amendment(Box::new(self.adopted_amendment(p))),
            Rule::decision_procedure => Item::DecisionProcedure(Box::new(self.decision_procedure(p))),
            Rule::sanction => Item::Sanction(Box::new(self.sanction(p))),
            Rule::fund => Item::Fund(Box::new(self.fund(p))),
            Rule::criterion => Item::Criterion(Box::new(self.criterion(p))),
            Rule::text => Item::Text(self.text_clause(p)),
            Rule::provision => Item::Provision(Box::new(self.provision(p))),
            Rule::scenario => Item::Scenario(Box::new(self.scenario(p))),
            _ => return None,
        })
    }

    // ------------------------------------------------------------ tokens

    fn ident(&self, p: &Pair<Rule>) -> Ident {
        Ident {
            name: p.as_str().to_string(),
            span: self.span(p),
        }
    }

    fn idents(&self, p: Pair<Rule>) -> Vec<Ident> {
        // Sized by the children, not grown: a vector collected through a filter
        // starts at four places, and most paths have one name (a tenth of the
        // heap of a treaty dense in facts went to the three never filled).
        let children = p.into_inner();
        let mut out = Vec::with_capacity(children.len());
        out.extend(children.filter(|c| c.as_rule() == Rule::ident).map(|c| self.ident(&c)));
        out
    }

    /// A quoted string, with `\"`, `\\`, `\n` and `\t` resolved.
    fn text(&self, p: &Pair<Rule>) -> Text {
        let raw = p.as_str();
        let body = raw.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(raw);
        let mut value = String::with_capacity(body.len());
        let mut chars = body.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => value.push('\n'),
                    Some('t') => value.push('\t'),
                    Some(other) => value.push(other),
                    None => {}
                }
            } else {
                value.push(c);
            }
        }
        Text {
            value,
            span: self.span(p),
        }
    }

    fn text_clause(&self, p: Pair<Rule>) -> Text {
        let span = self.span(&p);
        p.into_inner()
            .find(|c| c.as_rule() == Rule::string)
            .map(|c| self.text(&c))
            .unwrap_or(Text {
                value: String::new(),
                span,
            })
    }

    fn first_ident(&self, p: &Pair<Rule>) -> Ident {
        p.clone()
            .into_inner()
            .find(|c| c.as_rule() == Rule::ident)
            .map(|c| self.ident(&c))
            .unwrap_or_else(|| self.missing(self.span(p)))
    }

    // ------------------------------------------------------------ numbers

    pub(crate) fn number_lit(&mut self, p: Pair<Rule>) -> Number {
        let span = self.span(&p);
        let text = p.as_str().to_string();
        let mut value = Rational::ZERO;
        let mut kind = NumberKind::Plain;
        let mut unit = None;
        let mut ok = true;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::number => match parse_decimal(c.as_str()) {
                    Some(v) => value = v,
                    None => {
                        ok = false;
                        self.out_of_range(self.span(&c), c.as_str());
                    }
                },
                Rule::percent_sign => {
                    kind = NumberKind::Percent;
                    value = Rational::new(value.num, value.den.saturating_mul(100)).unwrap_or(value);
                }
                Rule::fraction => {
                    kind = NumberKind::Fraction;
                    let den_pair = c.clone().into_inner().next();
                    let den = den_pair.as_ref().and_then(|d| parse_decimal(d.as_str()));
                    match den {
                        Some(d) if d.num == 0 => {
                            ok = false;
                            self.error(
                                Diagnostic::new(Code::E0015, span, format!("`{text}` divides by zero"))
                                    .with_primary_label("the denominator is zero")
                                    .with_help("write the share intended, such as `2/3`"),
                            );
                        }
                        Some(d) => match value.checked_div(d) {
                            Some(v) => value = v,
                            None => {
                                ok = false;
                                self.out_of_range(span, &text);
                            }
                        },
                        None => {
                            ok = false;
                            self.out_of_range(span, &text);
                        }
                    }
                }
                Rule::scale => {
                    let factor = scale_factor(c.as_str()).unwrap_or(1);
                    match value.checked_mul(Rational::integer(factor)) {
                        Some(v) => value = v,
                        None => {
                            ok = false;
                            self.out_of_range(span, &text);
                        }
                    }
                }
                Rule::unit => {
                    unit = Unit::from_name(c.as_str());
                    if unit.is_none() {
                        ok = false;
                        self.unknown_unit(&c);
                    }
                }
                _ => {}
            }
        }
        if !ok {
            value = Rational::ZERO;
        }
        Number {
            text,
            value,
            kind,
            unit,
            span,
            fault: !ok,
        }
    }

    fn out_of_range(&mut self, span: Span, text: &str) {
        self.error(
            Diagnostic::new(
                Code::E0013,
                span,
                format!("`{text}` is too large to be represented exactly"),
            )
            .with_primary_label("number out of range")
            .with_help("use a scale word such as `6 billion USD`, or a smaller number"),
        );
    }

    fn unknown_unit(&mut self, p: &Pair<Rule>) {
        let word = p.as_str();
        let known: Vec<&str> = Unit::NAMES.iter().map(|(n, _)| *n).collect();
        let help = match crate::suggest::closest(word, known.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? known units are {}", known.join(", ")),
            None => format!("known units are {}, and `%`", known.join(", ")),
        };
        self.error(
            Diagnostic::new(Code::E0012, self.span(p), format!("unknown unit `{word}`"))
                .with_primary_label("not a unit the language knows")
                .with_help(help),
        );
    }

    /// A number that must be a share of a whole: at most 100%.
    fn share(&mut self, n: &mut Number, what: &str) {
        if n.kind != NumberKind::Plain && n.value.num > n.value.den {
            n.fault = true;
            self.error(
                Diagnostic::new(Code::E0011, n.span, format!("{what} of `{}` is more than 100%", n.text))
                    .with_primary_label("a share cannot exceed the whole")
                    .with_help("write a share of at most 100%, or a count such as `15 members`"),
            );
        }
    }

    // ------------------------------------------------------------ facts and parties

    fn facts(&mut self, p: Pair<Rule>) -> FactSchema {
        let span = self.span(&p);
        let mut entity = None;
        let mut attributes = Vec::new();
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::ident => entity = Some(self.ident(&c)),
                Rule::attribute => attributes.push(self.attribute(c)),
                _ => {}
            }
        }
        FactSchema {
            entity: entity.unwrap_or_else(|| self.missing(span)),
            attributes,
            span,
        }
    }

    fn attribute(&mut self, p: Pair<Rule>) -> Attribute {
        let span = self.span(&p);
        let mut name = None;
        let mut kind = AttributeKind::Declared(FactType::Bool);
        let mut set_by = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::ident => name = Some(self.ident(&c)),
                Rule::set_by => {
                    let at = self.span(&c);
                    let names: Vec<Ident> = c
                        .into_inner()
                        .filter(|i| i.as_rule() == Rule::ident)
                        .map(|i| self.ident(&i))
                        .collect();
                    if let [body, decision] = &names[..] {
                        set_by = Some(SetBy {
                            body: body.clone(),
                            decision: decision.clone(),
                            span: at,
                        });
                    }
                }
                Rule::fact_type => kind = AttributeKind::Declared(self.fact_type(c)),
                Rule::derived => {
                    if let Some(e) = c.into_inner().find(|e| e.as_rule() == Rule::expr) {
                        kind = AttributeKind::Derived(self.expr(e));
                    }
                }
                _ => {}
            }
        }
        Attribute {
            name: name.unwrap_or_else(|| self.missing(span)),
            kind,
            set_by,
            span,
        }
    }

    fn fact_type(&mut self, p: Pair<Rule>) -> FactType {
        let Some(t) = p.into_inner().next() else {
            return FactType::Bool;
        };
        match t.as_rule() {
            Rule::t_count => FactType::Count,
            Rule::t_money => FactType::Money,
            Rule::t_ratio => FactType::Ratio,
            Rule::t_percent => FactType::Percent,
            Rule::t_year => FactType::Year,
            Rule::t_score => {
                let span = self.span(&t);
                let bounds: Vec<Number> = t
                    .into_inner()
                    .filter(|c| c.as_rule() == Rule::number)
                    .map(|c| self.plain_number(&c))
                    .collect();
                let mut bounds = bounds.into_iter();
                let zero = |span| Number {
                    text: String::new(),
                    value: Rational::ZERO,
                    kind: NumberKind::Plain,
                    unit: None,
                    span,
                    fault: true,
                };
                let mut min = bounds.next().unwrap_or_else(|| zero(span));
                let mut max = bounds.next().unwrap_or_else(|| zero(span));
                if !max.value.gt(min.value) {
                    min.fault = true;
                    max.fault = true;
                    self.error(
                        Diagnostic::new(
                            Code::E0014,
                            span,
                            format!("score range `{}..{}` is empty", min.text, max.text),
                        )
                        .with_primary_label("the lower bound is not below the upper bound")
                        .with_help(format!(
                            "write the lower bound first, such as `score {}..{}`",
                            max.text, min.text
                        )),
                    );
                }
                FactType::Score { min, max }
            }
            Rule::t_enum => FactType::Enumeration {
                variants: self.idents(t),
            },
            _ => FactType::Bool,
        }
    }

    /// A bare `number` token (no unit), as in `score 0..100` or `seats: 15`.
    fn plain_number(&mut self, p: &Pair<Rule>) -> Number {
        let span = self.span(p);
        let value = parse_decimal(p.as_str());
        if value.is_none() {
            self.out_of_range(span, p.as_str());
        }
        Number {
            text: p.as_str().to_string(),
            value: value.unwrap_or(Rational::ZERO),
            kind: NumberKind::Plain,
            unit: None,
            span,
            fault: value.is_none(),
        }
    }

    fn parties(&mut self, p: Pair<Rule>) -> Parties {
        let span = self.span(&p);
        let parties = p
            .into_inner()
            .filter(|c| c.as_rule() == Rule::party)
            .map(|c| {
                let mut id = None;
                let mut name = None;
                for x in c.clone().into_inner() {
                    match x.as_rule() {
                        Rule::ident => id = Some(self.ident(&x)),
                        Rule::string => name = Some(self.text(&x)),
                        _ => {}
                    }
                }
                Party {
                    id: id.unwrap_or_else(|| self.missing(self.span(&c))),
                    name,
                }
            })
            .collect();
        Parties { parties, span }
    }

    // ------------------------------------------------------------ bodies

    fn body(&mut self, p: Pair<Rule>) -> Body {
        let span = self.span(&p);
        let mut body = Body {
            kind: BodyKind::Internal,
            name: self.missing(span),
            title: None,
            seats: Vec::new(),
            permanent_seats: Vec::new(),
            elected_seats: None,
            seat_conditions: Vec::new(),
            seat_rule: None,
            powers: Vec::new(),
            other_questions: None,
            relations: Vec::new(),
            vote_losses: Vec::new(),
            text: Vec::new(),
            span,
        };
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::body_kind => {
                    body.kind = match c.into_inner().next().map(|k| k.as_rule()) {
                        Some(Rule::external_body) => BodyKind::External,
                        Some(Rule::k_office) => BodyKind::Office,
                        _ => BodyKind::Internal,
                    }
                }
                Rule::ident => body.name = self.ident(&c),
                Rule::string => body.title = Some(self.text(&c)),
                Rule::seats => {
                    let seats = self.seats(c);
                    if let Some(first) = body.seats.first() {
                        let first = first.span;
                        self.given_twice(seats.span, first, "`seats:`");
                    }
                    body.seats.push(seats);
                }
                Rule::permanent_seats => body.permanent_seats.extend(
                    c.into_inner()
                        .filter(|l| l.as_rule() == Rule::ident_list)
                        .flat_map(|l| self.idents(l)),
                ),
                Rule::elected_seats => {
                    let elected = self.elected_seats(c);
                    if let Some(first) = &body.elected_seats {
                        let first = first.span;
                        self.given_twice(elected.span, first, "`elected seats:`");
                    }
                    body.elected_seats = Some(elected);
                }
                Rule::seat_condition => {
                    let condition = self.seat_condition(c);
                    body.seat_conditions.push(condition);
                }
                Rule::seat_rule => {
                    let rule = self.seat_rule(c);
                    if let Some(first) = &body.seat_rule {
                        let first = first.span;
                        self.given_twice(rule.span, first, "`seats apportioned`");
                    }
                    body.seat_rule = Some(Box::new(rule));
                }
                Rule::power => body.powers.push(self.power(c)),
                Rule::other_questions => {
                    let span = self.span(&c);
                    if let Some(first) = &body.other_questions {
                        let first = first.span;
                        self.given_twice(span, first, "`decides other questions by`");
                    }
                    if let Some(r) = c.into_inner().find(|r| r.as_rule() == Rule::rule_ref) {
                        body.other_questions = Some(OtherQuestions {
                            rule: self.rule_ref(r),
                            span,
                        });
                    }
                }
                Rule::relation => body.relations.extend(self.relation(c)),
                Rule::vote_loss => {
                    let span = self.span(&c);
                    let mut when = None;
                    let mut permitted_by = None;
                    for x in c.into_inner() {
                        match x.as_rule() {
                            Rule::expr => when = Some(self.expr(x)),
                            Rule::ident => permitted_by = Some(self.ident(&x)),
                            _ => {}
                        }
                    }
                    // The grammar requires the condition; were it missing, no
                    // loss is recorded rather than one on no condition.
                    if let Some(when) = when {
                        body.vote_losses.push(VoteLoss {
                            when,
                            permitted_by,
                            span,
                        });
                    }
                }
                Rule::text => body.text.push(self.text_clause(c)),
                _ => {}
            }
        }
        body
    }

    fn seats(&mut self, p: Pair<Rule>) -> Seats {
        let span = self.span(&p);
        let mut count = SeatCount::OnePerMember;
        let mut origin = None;
        let mut term = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::term_of_office => term = Some(self.term_of_office(c)),
                Rule::seat_count => {
                    for n in c.into_inner() {
                        match n.as_rule() {
                            Rule::number => {
                                let number = self.seat_number(&n);
                                count = SeatCount::Fixed(number);
                            }
                            Rule::seat_table => count = SeatCount::Table(self.seat_table(n)),
                            _ => {}
                        }
                    }
                }
                Rule::seat_origin => {
                    if let Some(o) = c.into_inner().next() {
                        origin = Some(match o.as_rule() {
                            Rule::elected_by => SeatOrigin::ElectedBy(self.target_in(&o)),
                            Rule::appointed_by => SeatOrigin::AppointedBy(self.target_in(&o)),
                            _ => SeatOrigin::ElectedDirectly,
                        });
                    }
                }
                _ => {}
            }
        }
        Seats {
            count,
            origin,
            term,
            span,
        }
    }

    /// `DEU 96, FRA 81`: each member's seats.
    fn seat_table(&mut self, p: Pair<Rule>) -> Vec<SeatShare> {
        p.into_inner()
            .filter(|s| s.as_rule() == Rule::seat_share)
            .map(|share| {
                let mut member = self.missing(self.span(&share));
                let mut seats = None;
                for part in share.into_inner() {
                    match part.as_rule() {
                        Rule::ident => member = self.ident(&part),
                        Rule::number => seats = Some(self.seat_number(&part)),
                        _ => {}
                    }
                }
                let seats = seats.unwrap_or_else(|| self.plain_number_missing(member.span));
                SeatShare { member, seats }
            })
            .collect()
    }

    /// `seats WorldParliament expect IND 52, USA 24`, `seats B expect not
    /// degressively proportional before rounding`.
    fn scenario_seats(&mut self, p: Pair<Rule>) -> ScenarioCheck {
        let span = self.span(&p);
        let body = self.first_ident(&p);
        let mut expect = SeatsExpectation::Table(Vec::new());
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::seat_table => expect = SeatsExpectation::Table(self.seat_table(c)),
                Rule::seats_degressive => {
                    let words: Vec<Rule> = c.into_inner().map(|w| w.as_rule()).collect();
                    expect = SeatsExpectation::Degressive {
                        holds: !words.contains(&Rule::k_not),
                        before_rounding: words.contains(&Rule::before_rounding),
                    };
                }
                _ => {}
            }
        }
        ScenarioCheck::Seats { body, expect, span }
    }

    /// A number of seats: a whole number.
    fn seat_number(&mut self, p: &Pair<Rule>) -> Number {
        let mut number = self.plain_number(p);
        self.whole_count(
            &mut number,
            "the number of seats",
            "write a whole number of seats, such as `seats: 15`",
        );
        number
    }

    /// A number the grammar requires but the tree lacks (only after an error).
    fn plain_number_missing(&self, span: Span) -> Number {
        Number {
            text: String::new(),
            value: Rational::ZERO,
            kind: NumberKind::Plain,
            unit: None,
            span,
            fault: true,
        }
    }

    fn seat_condition(&mut self, p: Pair<Rule>) -> SeatCondition {
        let span = self.span(&p);
        let mut condition = SeatCondition {
            fact: self.missing(span),
            before_rounding: false,
            at_least: None,
            at_most: None,
            total: None,
            span,
        };
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::ident => condition.fact = self.ident(&c),
                Rule::before_rounding => condition.before_rounding = true,
                Rule::seat_bound => {
                    for bound in c.into_inner() {
                        let kind = bound.as_rule();
                        let most = bound.clone().into_inner().any(|w| w.as_rule() == Rule::k_most);
                        let Some(n) = bound.into_inner().find(|w| w.as_rule() == Rule::number) else {
                            continue;
                        };
                        let number = self.seat_number(&n);
                        match kind {
                            Rule::seat_least => condition.at_least = Some(number),
                            Rule::seat_most => condition.at_most = Some(number),
                            Rule::seat_total => condition.total = Some((number, most)),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        condition
    }

    fn seat_rule(&mut self, p: Pair<Rule>) -> SeatRule {
        let span = self.span(&p);
        let mut rule = SeatRule {
            method: self.missing(span),
            fact: self.missing(span),
            square_root: false,
            base: None,
            total: None,
            at_least: None,
            at_most: None,
            span,
        };
        // The first name is the method, the second the fact.
        let mut names = 0;
        let mut seen: Vec<(Rule, Span)> = Vec::new();
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::ident if names == 0 => {
                    rule.method = self.ident(&c);
                    names += 1;
                }
                Rule::ident => rule.fact = self.ident(&c),
                Rule::square_root_of => rule.square_root = true,
                Rule::rule_bound => {
                    for bound in c.into_inner() {
                        let kind = bound.as_rule();
                        let at = self.span(&bound);
                        match seen.iter().find(|(k, _)| *k == kind) {
                            Some((_, first)) => {
                                let first = *first;
                                let word = match kind {
                                    Rule::rule_total => "`total`",
                                    Rule::seat_base => "`base`",
                                    Rule::seat_least => "`at least`",
                                    _ => "`at most`",
                                };
                                self.given_twice(at, first, word);
                            }
                            None => seen.push((kind, at)),
                        }
                        let mut number = None;
                        let mut cube = None;
                        for part in bound.into_inner() {
                            match part.as_rule() {
                                Rule::number => number = Some(self.seat_number(&part)),
                                Rule::cube_root_of => {
                                    cube = part
                                        .into_inner()
                                        .find(|w| w.as_rule() == Rule::ident)
                                        .map(|i| self.ident(&i))
                                }
                                _ => {}
                            }
                        }
                        match (kind, number, cube) {
                            (Rule::rule_total, _, Some(fact)) => rule.total = Some(RuleTotal::CubeRoot(fact)),
                            (Rule::rule_total, Some(n), None) => rule.total = Some(RuleTotal::Fixed(n)),
                            (Rule::seat_base, Some(n), _) => rule.base = Some(n),
                            (Rule::seat_least, Some(n), _) => rule.at_least = Some(n),
                            (Rule::seat_most, Some(n), _) => rule.at_most = Some(n),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        rule
    }

    fn elected_seats(&mut self, p: Pair<Rule>) -> ElectedSeats {
        let span = self.span(&p);
        let mut count = self.plain_number_missing(span);
        let mut by = None;
        let mut term = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::number => count = self.seat_number(&c),
                Rule::target => by = Some(self.target(c)),
                Rule::term_of_office => term = Some(self.term_of_office(c)),
                _ => {}
            }
        }
        ElectedSeats { count, by, term, span }
    }

    /// `for nine years, a third renewed every three years, re-eligible`.
    fn term_of_office(&mut self, p: Pair<Rule>) -> TermOfOffice {
        let span = self.span(&p);
        let mut length = None;
        let mut renewal = None::<Renewal>;
        let mut re_election = None::<ReElectionClause>;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::duration => length = Some(self.duration(c)),
                Rule::renewal => {
                    let r = self.renewal(c);
                    match &renewal {
                        Some(first) => self.given_twice(r.span, first.span, "the renewal"),
                        None => renewal = Some(r),
                    }
                }
                Rule::re_election => {
                    let clause_span = self.span(&c);
                    let words: Vec<Rule> = c.into_inner().map(|w| w.as_rule()).collect();
                    let limit = if words.contains(&Rule::k_not) && words.contains(&Rule::k_immediately) {
                        crate::ir::ReElection::NotImmediately
                    } else if words.contains(&Rule::k_not) {
                        crate::ir::ReElection::Never
                    } else if words.contains(&Rule::k_once) {
                        crate::ir::ReElection::Once
                    } else {
                        crate::ir::ReElection::Allowed
                    };
                    let clause = ReElectionClause {
                        limit,
                        span: clause_span,
                    };
                    match &re_election {
                        Some(first) => self.given_twice(clause.span, first.span, "re-eligibility"),
                        None => re_election = Some(clause),
                    }
                }
                _ => {}
            }
        }
        // Invariant: the grammar puts a duration first in every term of office.
        let length = length.unwrap_or(Duration {
            length: crate::time::Length {
                amount: 0,
                unit: crate::time::TimeUnit::Years,
            },
            span,
        });
        TermOfOffice {
            length,
            renewal,
            re_election,
            span,
        }
    }

    /// `every year` is one year; `every two years`, two. A period that is not
    /// one is E1002.
    fn every_period(&mut self, c: &Pair<Rule>) -> Option<Duration> {
        let span = self.span(c);
        let mut amount = Some(1);
        let mut unit = TimeUnit::Years;
        let mut problem = None;
        for x in c.clone().into_inner() {
            match x.as_rule() {
                Rule::number_word => amount = crate::time::number_word(x.as_str()),
                Rule::number => {
                    let n = self.plain_number(&x);
                    amount = n.as_integer().and_then(|v| u32::try_from(v).ok());
                    if amount.is_none() {
                        problem = Some(n.span);
                    }
                }
                Rule::time_unit => unit = TimeUnit::from_word(x.as_str()).unwrap_or(TimeUnit::Years),
                _ => {}
            }
        }
        let length = Length {
            amount: amount.unwrap_or(0),
            unit,
        };
        if let Some(why) = length.problem().or(problem.map(|_| "not a whole number of units")) {
            self.error(
                Diagnostic::new(Code::E1002, span, format!("`{}` is {why}", words(c.as_str())))
                    .with_primary_label("not a period")
                    .with_help("write a whole period, such as `every year` or `every two years`"),
            );
            return None;
        }
        Some(Duration { length, span })
    }

    /// `5 renewed every three years`, `a third renewed every three years`.
    fn renewal(&mut self, p: Pair<Rule>) -> Renewal {
        let span = self.span(&p);
        let mut share = RenewedShare::Seats(0);
        let mut every = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::renewed_share => {
                    let parts: Vec<Pair<Rule>> = c.into_inner().collect();
                    share = match parts.as_slice() {
                        [n] if n.as_rule() == Rule::number => {
                            let number = self.seat_number(n);
                            RenewedShare::Seats(number.as_integer().and_then(|n| u64::try_from(n).ok()).unwrap_or(0))
                        }
                        [h] if h.as_rule() == Rule::k_half => RenewedShare::Fraction {
                            numerator: 1,
                            denominator: 2,
                        },
                        [count, fraction] => {
                            let numerator = if count.as_rule() == Rule::k_a {
                                1
                            } else {
                                u64::from(crate::time::number_word(count.as_str()).unwrap_or(0))
                            };
                            let denominator = match fraction.as_str().trim_end_matches('s') {
                                "third" => 3,
                                "quarter" => 4,
                                _ => 5,
                            };
                            RenewedShare::Fraction { numerator, denominator }
                        }
                        _ => share,
                    };
                }
                Rule::every_period => every = self.every_period(&c),
                _ => {}
            }
        }
        // Invariant: the grammar ends every renewal with its period; one that
        // is not a period was reported (E1002), and a zero period is E1109.
        let every = every.unwrap_or(Duration {
            length: crate::time::Length {
                amount: 0,
                unit: crate::time::TimeUnit::Years,
            },
            span,
        });
        Renewal { share, every, span }
    }

    /// `two years`, `6 months`: a whole, positive number of calendar units.
    fn duration(&mut self, p: Pair<Rule>) -> Duration {
        let span = self.span(&p);
        let written = words(p.as_str());
        let mut amount = None;
        let mut unit = TimeUnit::Years;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::number_word => amount = crate::time::number_word(c.as_str()),
                Rule::number => {
                    let mut n = self.plain_number(&c);
                    if self.whole_count(
                        &mut n,
                        "a length of time",
                        "write a whole number of days, weeks, months or years, such as `two years`",
                    ) {
                        amount = n.as_integer().and_then(|v| u32::try_from(v).ok());
                    }
                }
                Rule::time_unit => unit = TimeUnit::from_word(c.as_str()).unwrap_or(TimeUnit::Years),
                _ => {}
            }
        }
        let length = Length {
            amount: amount.unwrap_or(0),
            unit,
        };
        if let (Some(_), Some(problem)) = (amount, length.problem()) {
            self.error(
                Diagnostic::new(Code::E1002, span, format!("`{written}` is {problem}"))
                    .with_primary_label("not a time limit")
                    .with_help(
                        "write the length the text gives, such as `two years`; for a duty due at once, `immediately`",
                    ),
            );
        }
        Duration { length, span }
    }

    /// `failing which RULE [after DURATION | if efforts are exhausted]`.
    fn fallback(&mut self, p: Pair<Rule>) -> Option<Fallback> {
        let span = self.span(&p);
        let mut rule = None;
        let mut when = FallbackWhen::AtOnce;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::rule_ref => rule = Some(self.rule_ref(c)),
                Rule::fallback_after => {
                    if let Some(d) = c.into_inner().find(|d| d.as_rule() == Rule::duration) {
                        when = FallbackWhen::After {
                            period: self.duration(d),
                        };
                    }
                }
                Rule::fallback_exhausted => when = FallbackWhen::EffortsExhausted { span: self.span(&c) },
                _ => {}
            }
        }
        Some(Fallback {
            rule: rule?,
            when,
            span,
        })
    }

    /// The `within ...` clause of a step, if it has one.
    fn deadline_in(&mut self, p: Pair<Rule>) -> Option<Deadline> {
        let d = p.into_inner().find(|d| d.as_rule() == Rule::deadline)?;
        Some(self.deadline(d))
    }

    /// `within DURATION [extendable by DURATION] [failing which approved|lapses]`.
    fn deadline(&mut self, p: Pair<Rule>) -> Deadline {
        let span = self.span(&p);
        let mut within = None;
        let mut extension = None;
        let mut expiry = Expiry::Overdue;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::duration => within = Some(self.duration(c)),
                Rule::extension_period => {
                    extension = c
                        .into_inner()
                        .find(|d| d.as_rule() == Rule::duration)
                        .map(|d| self.duration(d))
                }
                Rule::on_expiry => {
                    expiry = if c.into_inner().any(|e| e.as_rule() == Rule::expiry_lapses) {
                        Expiry::Lapses
                    } else {
                        Expiry::Approved
                    }
                }
                _ => {}
            }
        }
        let within = within.unwrap_or_else(|| no_length(span));
        Deadline {
            within,
            extension,
            expiry,
            span,
        }
    }

    // ------------------------------------------------------------ time

    /// `1 November 2014`; an impossible day is E1001 and gives no date.
    fn date(&mut self, p: &Pair<Rule>) -> Option<DateLit> {
        let span = self.span(p);
        match crate::time::Date::parse(p.as_str()) {
            Ok(date) => Some(DateLit { date, span }),
            Err(why) => {
                self.error(
                    Diagnostic::new(
                        Code::E1001,
                        span,
                        format!("`{}` is not a date: {why}", words(p.as_str())),
                    )
                    .with_primary_label("no such day")
                    .with_help("write a day the calendar has, with the month in full: `1 November 2014`"),
                );
                None
            }
        }
    }

    /// The date written inside `p`.
    fn date_in(&mut self, p: &Pair<Rule>) -> Option<DateLit> {
        let d = p.clone().into_inner().find(|c| c.as_rule() == Rule::date)?;
        self.date(&d)
    }

    /// `as from DATE` or `until DATE`, into `validity`.
    fn validity(&mut self, p: Pair<Rule>, validity: &mut Validity) {
        for c in p.into_inner() {
            let date = self.date_in(&c);
            let slot = match c.as_rule() {
                Rule::as_from => &mut validity.from,
                _ => &mut validity.until,
            };
            if let (Some(first), Some(_)) = (*slot, date) {
                let what = if c.as_rule() == Rule::as_from {
                    "`as from`"
                } else {
                    "`until`"
                };
                self.given_twice(self.span(&c), first.span, what);
            } else if date.is_some() {
                *slot = date;
            }
        }
    }

    fn timing(&mut self, p: Pair<Rule>) -> Option<Timing> {
        let span = self.span(&p);
        let c = p.into_inner().next()?;
        Some(match c.as_rule() {
            Rule::immediately => Timing::Immediately { span },
            Rule::forthwith => Timing::Forthwith { span },
            Rule::regularly => Timing::Regularly { span },
            Rule::every_period => {
                let length = self.every_period(&c)?;
                Timing::Every { length, span }
            }
            kind => {
                let mut length = None;
                let mut from = None;
                for x in c.into_inner() {
                    match x.as_rule() {
                        Rule::duration => length = Some(self.duration(x)),
                        Rule::moment => from = self.moment(x),
                        _ => {}
                    }
                }
                let (length, from) = (length?, from?);
                if kind == Rule::after_period {
                    Timing::After { length, from, span }
                } else {
                    Timing::Within { length, from, span }
                }
            }
        })
    }

    fn moment(&mut self, p: Pair<Rule>) -> Option<Moment> {
        let c = p.into_inner().next()?;
        let span = self.span(&c);
        Some(match c.as_rule() {
            Rule::entry_into_force_event => Moment::EntryIntoForce { span },
            Rule::notice_event => Moment::Notice { span },
            Rule::accession_event => Moment::Accession { span },
            _ => {
                let (body, decision) = self.two_idents(&c);
                Moment::Decision { body, decision }
            }
        })
    }

    fn two_idents(&self, p: &Pair<Rule>) -> (Ident, Ident) {
        let mut ids = p.clone().into_inner().filter(|x| x.as_rule() == Rule::ident);
        let span = self.span(p);
        let first = ids.next().map(|x| self.ident(&x)).unwrap_or_else(|| self.missing(span));
        let second = ids.next().map(|x| self.ident(&x)).unwrap_or_else(|| self.missing(span));
        (first, second)
    }

    /// `procedure NAME` or `Body.decision`.
    fn act_ref(&self, p: &Pair<Rule>) -> Option<ActRef> {
        let c = p.clone().into_inner().next()?;
        Some(match c.as_rule() {
            Rule::procedure_ref => ActRef::Procedure {
                procedure: self.first_ident(&c),
            },
            _ => {
                let (body, decision) = self.two_idents(&c);
                ActRef::Decision { body, decision }
            }
        })
    }

    fn act_ref_in(&self, p: &Pair<Rule>) -> Option<ActRef> {
        let a = p.clone().into_inner().find(|c| c.as_rule() == Rule::act_ref)?;
        self.act_ref(&a)
    }

    fn membership_change(&mut self, p: Pair<Rule>) -> Option<MembershipChange> {
        let c = p.into_inner().next()?;
        let span = self.span(&c);
        Some(match c.as_rule() {
            Rule::accession_clause => MembershipChange::Accession {
                by: self.act_ref_in(&c)?,
                on_deposit: c
                    .clone()
                    .into_inner()
                    .find(|x| x.as_rule() == Rule::on_deposit)
                    .map(|x| self.span(&x)),
                span,
            },
            Rule::suspension_clause => MembershipChange::Suspension {
                by: self.act_ref_in(&c)?,
                revoked_by: c
                    .clone()
                    .into_inner()
                    .find(|x| x.as_rule() == Rule::revoked_by)
                    .and_then(|x| self.act_ref_in(&x)),
                span,
            },
            Rule::expulsion_clause => MembershipChange::Expulsion {
                by: self.act_ref_in(&c)?,
                span,
            },
            _ => {
                let mut w = Withdrawal {
                    title: None,
                    notice_to: None,
                    open_after: None,
                    takes_effect: Vec::new(),
                    extension: None,
                    text: Vec::new(),
                    span,
                };
                let mut seen: Vec<(Rule, Span)> = Vec::new();
                for x in c.into_inner() {
                    let at = self.span(&x);
                    let kind = x.as_rule();
                    if matches!(
                        kind,
                        Rule::notice_to | Rule::open_after | Rule::takes_effect | Rule::extension_by
                    ) {
                        if let Some((_, first)) = seen.iter().find(|(r, _)| *r == kind) {
                            let what = match kind {
                                Rule::notice_to => "the notice",
                                Rule::open_after => "when withdrawal is open",
                                Rule::takes_effect => "when the withdrawal takes effect",
                                _ => "the extension",
                            };
                            self.given_twice(at, *first, what);
                            continue;
                        }
                        seen.push((kind, at));
                    }
                    match kind {
                        Rule::string => w.title = Some(self.text(&x)),
                        Rule::text => w.text.push(self.text_clause(x)),
                        Rule::notice_to => w.notice_to = Some(self.first_ident(&x)),
                        Rule::open_after => {
                            w.open_after = x
                                .into_inner()
                                .find(|d| d.as_rule() == Rule::duration)
                                .map(|d| self.duration(d))
                        }
                        Rule::extension_by => w.extension = self.act_ref_in(&x),
                        Rule::takes_effect => {
                            for t in x.into_inner().filter(|t| t.as_rule() == Rule::effect_time) {
                                let Some(e) = t.into_inner().next() else { continue };
                                if matches!(e.as_rule(), Rule::effect_delay | Rule::effect_expiry) {
                                    let on_expiry = e.as_rule() == Rule::effect_expiry;
                                    if let Some(d) = e.into_inner().find(|d| d.as_rule() == Rule::duration) {
                                        let length = self.duration(d);
                                        let first = w.takes_effect.iter().find_map(|t| match t {
                                            EffectTime::Delay { length, .. } => Some(length.span),
                                            EffectTime::On { .. } | EffectTime::YearEnd { .. } => None,
                                        });
                                        match first {
                                            Some(first) => {
                                                self.given_twice(length.span, first, "the delay after notice")
                                            }
                                            None => w.takes_effect.push(EffectTime::Delay { length, on_expiry }),
                                        }
                                    }
                                } else if e.as_rule() == Rule::effect_year_end {
                                    let span = self.span(&e);
                                    let following = e.into_inner().any(|y| y.as_rule() == Rule::year_following);
                                    w.takes_effect.push(EffectTime::YearEnd { span, following });
                                } else if let Some(act) = self.act_ref_in(&e) {
                                    w.takes_effect.push(EffectTime::On { act });
                                }
                            }
                        }
                        _ => {}
                    }
                }
                MembershipChange::Withdrawal(w)
            }
        })
    }

    fn target_in(&self, p: &Pair<Rule>) -> Target {
        match p.clone().into_inner().find(|c| c.as_rule() == Rule::target) {
            Some(t) => self.target(t),
            None => Target::Members { span: self.span(p) },
        }
    }

    fn target(&self, p: Pair<Rule>) -> Target {
        let span = self.span(&p);
        match p.into_inner().next() {
            Some(c) if c.as_rule() == Rule::ident => Target::Body(self.ident(&c)),
            Some(c) if c.as_rule() == Rule::k_treaty => Target::Treaty { span },
            _ => Target::Members { span },
        }
    }

    fn power(&mut self, p: Pair<Rule>) -> Power {
        let span = self.span(&p);
        let mut decision = None;
        let mut rule = None;
        let mut options = PowerOptions::default();
        let mut exclusive = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::ident => decision = Some(self.ident(&c)),
                Rule::rule_ref => rule = Some(self.rule_ref(c)),
                Rule::exclusively => {
                    let at = self.span(&c);
                    if let Some(first) = exclusive {
                        self.given_twice(at, first, "`exclusively`");
                    }
                    exclusive = Some(at);
                }
                _ => self.power_option(c, &mut options),
            }
        }
        Power {
            decision: decision.unwrap_or_else(|| self.missing(span)),
            rule: rule.unwrap_or_else(|| RuleRef::Named(self.missing(span))),
            options,
            exclusive,
            span,
        }
    }

    /// One option of a power or sanction. Options that name bodies accumulate
    /// (several proposers are alternatives; several co-deciders or authorisers are
    /// all needed); an option that can hold once is an error the second time.
    fn power_option(&mut self, c: Pair<Rule>, options: &mut PowerOptions) {
        match c.as_rule() {
            Rule::on_proposal => options.on_proposal_from.push(self.first_ident(&c)),
            Rule::otherwise_rule => {
                let span = self.span(&c);
                if let Some((_, first)) = &options.otherwise {
                    let first = *first;
                    self.given_twice(span, first, "`otherwise by`");
                }
                if let Some(r) = c.into_inner().find(|r| r.as_rule() == Rule::rule_ref) {
                    options.otherwise = Some((self.rule_ref(r), span));
                }
            }
            Rule::classified_by => {
                let span = self.span(&c);
                if let Some((_, first)) = &options.classified_by {
                    let first = *first;
                    self.given_twice(span, first, "`classified by`");
                }
                if let Some(r) = c.into_inner().find(|r| r.as_rule() == Rule::rule_ref) {
                    options.classified_by = Some((self.rule_ref(r), span));
                }
            }
            Rule::excluding_concerned => {
                let span = self.span(&c);
                if let Some(first) = options.excluding_concerned {
                    self.given_twice(span, first, "`excluding concerned`");
                }
                options.excluding_concerned = Some(span);
            }
            Rule::in_agreement => {
                let span = self.span(&c);
                if let Some(first) = options.agreement_of_concerned {
                    self.given_twice(span, first, "`in agreement with the member concerned`");
                }
                options.agreement_of_concerned = Some(span);
            }
            Rule::jointly_with => options.jointly_with.push(self.first_ident(&c)),
            Rule::authorisation => options.authorisation_by.push(self.first_ident(&c)),
            Rule::prevailing => options.prevailing_over.push(self.first_ident(&c)),
            Rule::ratification => {
                let span = self.span(&c);
                if let Some(r) = c.into_inner().find(|r| r.as_rule() == Rule::ratifiers) {
                    let ratifiers = self.ratifiers(r);
                    if let Some(first) = &options.ratification {
                        self.given_twice(span, first.span(), "the ratification");
                    }
                    options.ratification = Some(ratifiers);
                }
            }
            _ => {}
        }
    }

    /// A clause that may be given once is given again: which one was meant is
    /// unknowable, so neither is kept silently.
    fn given_twice(&mut self, span: Span, first: Span, what: &str) {
        let mut d = Diagnostic::new(Code::E0018, span, format!("{what} is given twice"))
            .with_primary_label("given again here")
            .with_help("keep one of them: treatyc never picks one of two clauses that say different things");
        if first != span {
            d = d.with_label(first, "first given here");
        }
        self.error(d);
    }

    /// A number of members or seats: a whole number, small enough to count.
    fn whole_count(&mut self, n: &mut Number, what: &str, unit_help: &str) -> bool {
        if n.kind != NumberKind::Plain || n.value.den != 1 {
            n.fault = true;
            self.error(
                Diagnostic::new(
                    Code::E0019,
                    n.span,
                    format!("{what} `{}` is not a whole number", n.text),
                )
                .with_primary_label(if n.kind == NumberKind::Plain {
                    "a count of members is a whole number"
                } else {
                    "a share, where a count is needed"
                })
                .with_help(unit_help.to_string()),
            );
            return false;
        }
        if n.value.num > i128::from(u32::MAX) {
            n.fault = true;
            self.error(
                Diagnostic::new(Code::E0013, n.span, format!("{what} `{}` is out of range", n.text))
                    .with_primary_label("more than any body could have")
                    .with_help(format!("write a count of at most {}", u32::MAX)),
            );
            return false;
        }
        true
    }

    fn rule_ref(&mut self, p: Pair<Rule>) -> RuleRef {
        let span = self.span(&p);
        match p.into_inner().next() {
            Some(c) if c.as_rule() == Rule::builtin_rule => RuleRef::Builtin {
                builtin: self.builtin(&c),
                span,
            },
            Some(c) => RuleRef::Named(self.ident(&c)),
            None => RuleRef::Named(self.missing(span)),
        }
    }

    fn builtin(&self, p: &Pair<Rule>) -> BuiltinRule {
        match p.clone().into_inner().next().map(|c| c.as_rule()) {
            Some(Rule::consensus) => BuiltinRule::Consensus,
            Some(Rule::simple_majority) => BuiltinRule::SimpleMajority,
            Some(Rule::absolute_majority) => BuiltinRule::AbsoluteMajority,
            Some(Rule::two_thirds_majority) => BuiltinRule::TwoThirdsMajority,
            _ => BuiltinRule::Unanimity,
        }
    }

    fn relation(&mut self, p: Pair<Rule>) -> Option<Relation> {
        let span = self.span(&p);
        let r = p.into_inner().next()?;
        let kind = match r.as_rule() {
            Rule::proposes => RelationKind::ProposesTo,
            Rule::approves => RelationKind::Approves,
            Rule::appoints => RelationKind::Appoints,
            Rule::elects => RelationKind::Elects,
            Rule::reports_to => RelationKind::ReportsTo,
            Rule::oversees => RelationKind::Oversees,
            Rule::interprets => RelationKind::Interprets,
            Rule::arbitrates => RelationKind::Arbitrates,
            Rule::authorises => RelationKind::Authorises,
            Rule::cooperates_with => RelationKind::CooperatesWith,
            Rule::headed_by => RelationKind::HeadedBy,
            _ => return None,
        };
        let mut decision = None;
        let mut target = None;
        for c in r.into_inner() {
            match c.as_rule() {
                Rule::ident => decision = Some(self.ident(&c)),
                Rule::target => target = Some(self.target(c)),
                Rule::k_members => target = Some(Target::Members { span: self.span(&c) }),
                _ => {}
            }
        }
        Some(Relation {
            kind,
            decision,
            target,
            span,
        })
    }

    // ------------------------------------------------------------ voting rules

    fn rule(&mut self, p: Pair<Rule>) -> VotingRule {
        let span = self.span(&p);
        let mut name = None;
        let mut title = None;
        let mut clauses = Vec::new();
        let mut validity = Validity::default();
        let mut before = None;
        let mut fallback = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::ident => name = Some(self.ident(&c)),
                Rule::string => title = Some(self.text(&c)),
                Rule::k_rule | Rule::k_and => {}
                Rule::failing_which => fallback = self.fallback(c),
                Rule::validity => self.validity(c, &mut validity),
                Rule::before_then => {
                    before = c
                        .into_inner()
                        .find(|r| r.as_rule() == Rule::rule_ref)
                        .map(|r| self.rule_ref(r))
                }
                _ => clauses.extend(self.rule_clause(c)),
            }
        }
        // One effect each for abstention and absence, and one blocking minority: a
        // second would override the first, or contradict it.
        for which in [
            "the effect of abstention",
            "the effect of absence",
            "the blocking minority",
        ] {
            let spans: Vec<Span> = clauses
                .iter()
                .filter_map(|c| match (c, which) {
                    (RuleClause::Abstention { span, .. }, "the effect of abstention")
                    | (RuleClause::Absence { span, .. }, "the effect of absence")
                    | (RuleClause::BlockingMinority { span, .. }, "the blocking minority") => Some(*span),
                    _ => None,
                })
                .collect();
            if let [first, second, ..] = spans.as_slice() {
                self.given_twice(*second, *first, which);
            }
        }
        VotingRule {
            name: name.unwrap_or_else(|| self.missing(span)),
            title,
            clauses,
            validity,
            fallback,
            before,
            span,
        }
    }

    fn rule_clause(&mut self, p: Pair<Rule>) -> Option<RuleClause> {
        let span = self.span(&p);
        Some(match p.as_rule() {
            Rule::builtin_rule => RuleClause::Builtin {
                builtin: self.builtin(&p),
                span,
            },
            Rule::threshold => {
                let mut measure = Measure::Members;
                let mut comparison = Comparison::Ge;
                let mut amount = None;
                let mut base = ShareBase::AllMembers;
                let mut only_when_all_take_part = None;
                let mut only_when_membership = None;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::measure => {
                            if let Some(i) = c.into_inner().find(|i| i.as_rule() == Rule::ident) {
                                measure = Measure::Weight(self.ident(&i));
                            }
                        }
                        Rule::comparison => comparison = self.comparison(&c),
                        Rule::number_lit => amount = Some(self.number_lit(c)),
                        Rule::share_base => base = self.share_base(&c),
                        Rule::all_take_part => only_when_all_take_part = Some(self.span(&c)),
                        Rule::membership_condition => only_when_membership = self.membership_condition(c).map(Box::new),
                        _ => {}
                    }
                }
                let mut amount = amount?;
                self.share(&mut amount, "a voting threshold");
                RuleClause::Threshold {
                    measure,
                    comparison,
                    amount,
                    base,
                    only_when_all_take_part,
                    only_when_membership,
                    span,
                }
            }
            Rule::blocking_minority => {
                let (comparison, amount) = self.compared_amount(p);
                let mut amount = amount?;
                // Only a floor has a meaning: "at least N members to block".
                if !matches!(comparison, Comparison::Ge | Comparison::Gt) {
                    amount.fault = true;
                    self.error(
                        Diagnostic::new(
                            Code::E0020,
                            span,
                            "a blocking minority is a floor: at least so many members to block",
                        )
                        .with_primary_label("`<`, `<=`, `=` or `!=` here has no meaning treatyc could apply")
                        .with_help("write `blocking minority >= 4 members`"),
                    );
                }
                self.whole_count(
                    &mut amount,
                    "the blocking minority",
                    "a blocking minority counts members not in favour: write a whole number such as `blocking minority >= 4 members`",
                );
                RuleClause::BlockingMinority {
                    comparison,
                    amount,
                    span,
                }
            }
            Rule::veto => {
                let holders = match p
                    .into_inner()
                    .find(|c| matches!(c.as_rule(), Rule::permanent_members | Rule::ident_list))
                {
                    Some(c) if c.as_rule() == Rule::ident_list => VetoHolders::Named(self.idents(c)),
                    _ => VetoHolders::PermanentMembers,
                };
                RuleClause::Veto { holders, span }
            }
            Rule::quorum => {
                let mut comparison = Comparison::Ge;
                let mut amount = None;
                let mut base = ShareBase::AllMembers;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::comparison => comparison = self.comparison(&c),
                        Rule::number_lit => amount = Some(self.number_lit(c)),
                        Rule::share_base => base = self.share_base(&c),
                        _ => {}
                    }
                }
                let mut amount = amount?;
                self.share(&mut amount, "a quorum");
                // A quorum counts who is present: a share of the votes cast or of
                // those present would measure presence against itself.
                if amount.kind != NumberKind::Plain && matches!(base, ShareBase::VotesCast | ShareBase::Present) {
                    amount.fault = true;
                    self.error(
                        Diagnostic::new(
                            Code::E0020,
                            span,
                            "a quorum is a share of the members, not of the votes cast or of those present",
                        )
                        .with_primary_label("this base has no meaning for a quorum")
                        .with_help("write `quorum >= 2/3 of members` (or of participants)"),
                    );
                }
                RuleClause::Quorum {
                    comparison,
                    amount,
                    base,
                    span,
                }
            }
            Rule::abstention => RuleClause::Abstention {
                effect: self.vote_effect(p),
                span,
            },
            Rule::absence => RuleClause::Absence {
                effect: self.vote_effect(p),
                span,
            },
            _ => return None,
        })
    }

    fn vote_effect(&self, p: Pair<Rule>) -> VoteEffect {
        let effect = p
            .into_inner()
            .find(|c| c.as_rule() == Rule::vote_effect)
            .and_then(|e| e.into_inner().next())
            .map(|e| e.as_rule());
        match effect {
            Some(Rule::does_not_prevent) => VoteEffect::DoesNotPreventAdoption,
            Some(Rule::not_a_veto) => VoteEffect::NotAVeto,
            _ => VoteEffect::CountsAgainst,
        }
    }

    /// The comparison and the number of a clause such as `>= 4 members`.
    fn compared_amount(&mut self, p: Pair<Rule>) -> (Comparison, Option<Number>) {
        let mut comparison = Comparison::Ge;
        let mut amount = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::comparison => comparison = self.comparison(&c),
                Rule::number_lit => amount = Some(self.number_lit(c)),
                _ => {}
            }
        }
        (comparison, amount)
    }

    /// `when membership >= 15`: a whole count of members.
    fn membership_condition(&mut self, p: Pair<Rule>) -> Option<MembershipCondition> {
        let span = self.span(&p);
        let (comparison, amount) = self.compared_amount(p);
        let mut amount = amount?;
        self.whole_count(
            &mut amount,
            "the membership a criterion applies from",
            "membership counts the body's members: write a whole number such as `when membership >= 15`",
        );
        Some(MembershipCondition {
            comparison,
            amount,
            span,
        })
    }

    fn comparison(&self, p: &Pair<Rule>) -> Comparison {
        match p.clone().into_inner().next().map(|c| c.as_rule()) {
            Some(Rule::op_gt) => Comparison::Gt,
            Some(Rule::op_le) => Comparison::Le,
            Some(Rule::op_lt) => Comparison::Lt,
            Some(Rule::op_eq) => Comparison::Eq,
            Some(Rule::op_ne) => Comparison::Ne,
            _ => Comparison::Ge,
        }
    }

    fn share_base(&self, p: &Pair<Rule>) -> ShareBase {
        let rule = p
            .clone()
            .into_inner()
            .find(|c| c.as_rule() != Rule::k_of)
            .map(|c| c.as_rule());
        match rule {
            Some(Rule::participants) => ShareBase::Participants,
            Some(Rule::votes_cast) => ShareBase::VotesCast,
            Some(Rule::present) => ShareBase::Present,
            _ => ShareBase::AllMembers,
        }
    }

    // ------------------------------------------------------------ articles and provisions

    fn article_number(&self, p: &Pair<Rule>) -> ArticleNumber {
        ArticleNumber {
            text: p.as_str().to_string(),
            span: self.span(p),
        }
    }

    /// An article's head (`article_head`), its items left to the caller: an
    /// article that failed is read item by item.
    pub fn article_alone(&mut self, head: Pair<Rule>) -> Article {
        self.article(head)
    }

    fn article(&mut self, p: Pair<Rule>) -> Article {
        let span = self.span(&p);
        let mut number = None;
        let mut title = None;
        let mut entrenchment = None;
        let mut items = Vec::new();
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::article_number => number = Some(self.article_number(&c)),
                Rule::string => title = Some(self.text(&c)),
                Rule::entrenchment => {
                    let espan = self.span(&c);
                    let amendable_by = c
                        .into_inner()
                        .find(|r| r.as_rule() == Rule::rule_ref)
                        .map(|r| self.rule_ref(r));
                    entrenchment = Some(Entrenchment {
                        amendable_by,
                        span: espan,
                    });
                }
                Rule::k_article => {}
                _ => items.extend(self.item(c)),
            }
        }
        items.shrink_to_fit();
        Article {
            number: number.unwrap_or(ArticleNumber {
                text: String::new(),
                span,
            }),
            title,
            entrenchment,
            items,
            span,
        }
    }

    fn provision(&mut self, p: Pair<Rule>) -> Provision {
        let span = self.span(&p);
        let mut label = None;
        let mut subject = Subject::Organisation { span };
        let mut modality = Modality::Must;
        let mut action = Action::Named {
            phrase: String::new(),
            span,
        };
        let mut conditions = Vec::new();
        let mut derogations = Vec::new();
        let mut timing: Option<Timing> = None;
        let mut validity = Validity::default();
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::provision_label => label = Some(self.first_ident(&c)),
                Rule::subject => subject = self.subject(c),
                Rule::modality => {
                    modality = match c.into_inner().next().map(|m| m.as_rule()) {
                        Some(Rule::must_not) => Modality::MustNot,
                        Some(Rule::may_not) => Modality::MayNot,
                        Some(Rule::may) => Modality::May,
                        _ => Modality::Must,
                    }
                }
                Rule::action => {
                    if let Some(a) = c.into_inner().next() {
                        action = match a.as_rule() {
                            Rule::constraint => match a.into_inner().find(|e| e.as_rule() == Rule::expr) {
                                Some(e) => Action::Constraint { expr: self.expr(e) },
                                None => action,
                            },
                            _ => Action::Named {
                                phrase: words(a.as_str()),
                                span: self.span(&a),
                            },
                        }
                    }
                }
                Rule::condition => {
                    let cspan = self.span(&c);
                    if let Some(k) = c.into_inner().next() {
                        let kind = if k.as_rule() == Rule::unless_condition {
                            ConditionKind::Unless
                        } else {
                            ConditionKind::When
                        };
                        if let Some(e) = k.into_inner().find(|e| e.as_rule() == Rule::expr) {
                            conditions.push(Condition {
                                kind,
                                expr: self.expr(e),
                                span: cspan,
                            });
                        }
                    }
                }
                Rule::validity => self.validity(c, &mut validity),
                Rule::timing => {
                    let at = self.span(&c);
                    if let Some(first) = &timing {
                        self.given_twice(at, first.span(), "the time limit");
                    } else {
                        timing = self.timing(c);
                    }
                }
                Rule::derogation => {
                    let dspan = self.span(&c);
                    if let Some(target) = c.into_inner().find(|t| t.as_rule() == Rule::derogation_target) {
                        let target = self.derogation_target(target);
                        derogations.push(Derogation { target, span: dspan });
                    }
                }
                _ => {}
            }
        }
        // Pushed one by one, a vector holds room for four: three unused
        // conditions of 176 bytes on a provision with one, the largest part of
        // the syntax tree of a treaty of constraints.
        conditions.shrink_to_fit();
        derogations.shrink_to_fit();
        Provision {
            label,
            subject,
            modality,
            action,
            conditions,
            derogations,
            timing: timing.map(Box::new),
            validity,
            span,
        }
    }

    /// `article 2(4)`, `provision no_force` or `this treaty`.
    fn derogation_target(&mut self, p: Pair<Rule>) -> DerogationTarget {
        let mut inner = p
            .into_inner()
            .filter(|c| matches!(c.as_rule(), Rule::article_number | Rule::ident));
        match inner.next() {
            Some(n) if n.as_rule() == Rule::article_number => DerogationTarget::Article {
                number: ArticleNumber {
                    text: n.as_str().to_string(),
                    span: self.span(&n),
                },
            },
            Some(id) => DerogationTarget::Provision { label: self.ident(&id) },
            None => DerogationTarget::Treaty,
        }
    }

    fn subject(&mut self, p: Pair<Rule>) -> Subject {
        let span = self.span(&p);
        let Some(s) = p.into_inner().next() else {
            return Subject::Organisation { span };
        };
        match s.as_rule() {
            Rule::every_member | Rule::every_candidate => {
                let is_member = s.as_rule() == Rule::every_member;
                let filter = s.into_inner().find(|e| e.as_rule() == Rule::expr).map(|e| self.expr(e));
                if is_member {
                    Subject::EveryMember {
                        filter: filter.map(Box::new),
                        span,
                    }
                } else {
                    Subject::EveryCandidate {
                        filter: filter.map(Box::new),
                        span,
                    }
                }
            }
            Rule::ident => Subject::Named(self.ident(&s)),
            _ => Subject::Organisation { span },
        }
    }

    fn criterion(&mut self, p: Pair<Rule>) -> Criterion {
        let span = self.span(&p);
        let mut name = None;
        let mut title = None;
        let mut test = None;
        let mut kept = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::ident => name = Some(self.ident(&c)),
                Rule::string => title = Some(self.text(&c)),
                Rule::kept_by_members => kept = Some(self.span(&c)),
                Rule::expr => test = Some(self.expr(c)),
                _ => {}
            }
        }
        Criterion {
            name: name.unwrap_or_else(|| self.missing(span)),
            title,
            kept,
            test: test.unwrap_or(Expr {
                kind: ExprKind::Bool { value: true },
                span,
            }),
            span,
        }
    }

    fn sanction(&mut self, p: Pair<Rule>) -> Sanction {
        let span = self.span(&p);
        let mut name = None;
        let mut triggers = Vec::new();
        let mut body = None;
        let mut measure = Text {
            value: String::new(),
            span,
        };
        let mut rule = None;
        let mut options = PowerOptions::default();
        for c in p.into_inner() {
            match c.as_rule() {
                // The sanction's own name comes before `on`, the deciding body after `:`.
                Rule::ident if triggers.is_empty() => name = Some(self.ident(&c)),
                Rule::ident => body = Some(self.ident(&c)),
                Rule::trigger => triggers.extend(self.trigger(c)),
                Rule::sanction_measure => {
                    measure = Text {
                        value: words(c.as_str()),
                        span: self.span(&c),
                    }
                }
                Rule::rule_ref => rule = Some(self.rule_ref(c)),
                _ => self.power_option(c, &mut options),
            }
        }
        Sanction {
            name,
            triggers,
            body: body.unwrap_or_else(|| self.missing(span)),
            measure,
            rule: rule.unwrap_or_else(|| RuleRef::Named(self.missing(span))),
            options,
            span,
        }
    }

    fn trigger(&mut self, p: Pair<Rule>) -> Option<Trigger> {
        let t = p.into_inner().next()?;
        let span = self.span(&t);
        Some(match t.as_rule() {
            Rule::breach_of_article => {
                let n = t.into_inner().find(|n| n.as_rule() == Rule::article_number)?;
                Trigger::BreachOfArticle {
                    article: self.article_number(&n),
                    span,
                }
            }
            Rule::breach_of_provision => Trigger::BreachOfProvision {
                provision: self.first_ident(&t),
                span,
            },
            _ => match t.clone().into_inner().find(|i| i.as_rule() == Rule::ident) {
                Some(i) => Trigger::FailureOfCriterion {
                    criterion: self.ident(&i),
                    span,
                },
                None => Trigger::FailureOfMembershipCriteria { span },
            },
        })
    }

    fn fund(&mut self, p: Pair<Rule>) -> Fund {
        let span = self.span(&p);
        let mut fund = Fund {
            name: self.missing(span),
            title: None,
            share: None,
            managed_by: None,
            cooperates_with: Vec::new(),
            beneficiaries: None,
            text: Vec::new(),
            span,
        };
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::ident => fund.name = self.ident(&c),
                Rule::string => fund.title = Some(self.text(&c)),
                Rule::fund_share => {
                    let sspan = self.span(&c);
                    let mut amount = None;
                    let mut of = None;
                    for x in c.into_inner() {
                        match x.as_rule() {
                            Rule::number_lit => amount = Some(self.number_lit(x)),
                            Rule::ident => of = Some(self.ident(&x)),
                            _ => {}
                        }
                    }
                    if let (Some(mut amount), Some(of)) = (amount, of) {
                        self.share(&mut amount, "a fund's share");
                        if let Some(first) = &fund.share {
                            let first = first.span;
                            self.given_twice(sspan, first, "the fund's `share:`");
                        }
                        fund.share = Some(FundShare {
                            amount,
                            of,
                            span: sspan,
                        });
                    }
                }
                Rule::managed_by => {
                    let clause = self.span(&c);
                    if fund.managed_by.is_some() {
                        self.given_twice(clause, clause, "the fund's `managed by`");
                    }
                    fund.managed_by = Some(self.target_in(&c));
                }
                Rule::cooperates_with => fund.cooperates_with.push(self.target_in(&c)),
                Rule::beneficiaries => {
                    let clause = self.span(&c);
                    if fund.beneficiaries.is_some() {
                        self.given_twice(clause, clause, "the fund's `beneficiaries:`");
                    }
                    fund.beneficiaries = c.into_inner().find(|e| e.as_rule() == Rule::expr).map(|e| self.expr(e))
                }
                Rule::text => fund.text.push(self.text_clause(c)),
                _ => {}
            }
        }
        fund
    }

    // ------------------------------------------------------------ stages and amendments

    fn stage(&mut self, p: Pair<Rule>) -> Stage {
        let span = self.span(&p);
        let mut idents = Vec::new();
        let mut title = None;
        let mut entry = None;
        let mut changes = Vec::new();
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::ident => idents.push(self.ident(&c)),
                Rule::string => title = Some(self.text(&c)),
                Rule::expr => entry = Some(self.expr(c)),
                _ => changes.extend(self.change(c)),
            }
        }
        let mut idents = idents.into_iter();
        Stage {
            name: idents.next().unwrap_or_else(|| self.missing(span)),
            title,
            after: idents.next(),
            entry,
            changes,
            span,
        }
    }

    pub fn change(&mut self, p: Pair<Rule>) -> Option<Change> {
        let span = self.span(&p);
        let kind = p.as_rule();
        match kind {
            Rule::text => Some(Change::Text(self.text_clause(p))),
            Rule::add_change | Rule::replace_change | Rule::insert_change => {
                let mut item = None;
                let mut after = None;
                for c in p.into_inner() {
                    match c.as_rule() {
                        Rule::item_ref => after = self.item_ref(c),
                        _ => {
                            if item.is_none() {
                                item = self.item(c);
                            }
                        }
                    }
                }
                let item = Box::new(item?);
                Some(match kind {
                    Rule::add_change => Change::Add { item, span },
                    Rule::replace_change => Change::Replace { item, span },
                    _ => Change::Insert { item, after, span },
                })
            }
            Rule::remove_change | Rule::repeal_change => {
                let target = p
                    .into_inner()
                    .find(|c| c.as_rule() == Rule::item_ref)
                    .and_then(|c| self.item_ref(c))?;
                Some(if kind == Rule::remove_change {
                    Change::Remove { target, span }
                } else {
                    Change::Repeal { target, span }
                })
            }
            _ => None,
        }
    }

    fn item_ref(&mut self, p: Pair<Rule>) -> Option<ItemRef> {
        let span = self.span(&p);
        let mut kind = ItemKind::Article;
        let mut name = String::new();
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::item_ref_kind => {
                    kind = match c.into_inner().next().map(|k| k.as_rule()) {
                        Some(Rule::k_body) => ItemKind::Body,
                        Some(Rule::k_office) => ItemKind::Office,
                        Some(Rule::k_rule) => ItemKind::Rule,
                        Some(Rule::k_sanction) => ItemKind::Sanction,
                        Some(Rule::k_fund) => ItemKind::Fund,
                        Some(Rule::k_criterion) => ItemKind::Criterion,
                        Some(Rule::k_provision) => ItemKind::Provision,
                        Some(Rule::k_stage) => ItemKind::Stage,
                        _ => ItemKind::Article,
                    }
                }
                _ => name = c.as_str().to_string(),
            }
        }
        Some(ItemRef { kind, name, span })
    }

    fn procedure(&mut self, p: Pair<Rule>) -> AmendmentProcedure {
        let span = self.span(&p);
        let mut procedure = AmendmentProcedure {
            proposed_by: Vec::new(),
            adopted_by: None,
            ratified_by: None,
            text: Vec::new(),
            span,
        };
        for c in p.into_inner() {
            match c.as_rule() {
                // Several `proposed by` lines add proposers; an adoption or a
                // ratification given twice would leave the procedure ambiguous.
                Rule::proposed_by => {
                    let more: Vec<Ident> = c
                        .into_inner()
                        .filter(|l| l.as_rule() == Rule::ident_list)
                        .flat_map(|l| self.idents(l))
                        .collect();
                    procedure.proposed_by.extend(more);
                }
                Rule::adopted_by => {
                    let clause = self.span(&c);
                    let body = self.first_ident(&c);
                    if let Some(r) = c.into_inner().find(|r| r.as_rule() == Rule::rule_ref) {
                        let rule = self.rule_ref(r);
                        match &procedure.adopted_by {
                            Some((first, _)) => {
                                let first = first.span;
                                self.given_twice(clause, first, "`adopted by`");
                            }
                            None => procedure.adopted_by = Some((body, rule)),
                        }
                    }
                }
                Rule::ratified_by_clause => {
                    let clause = self.span(&c);
                    if let Some(r) = c.into_inner().find(|r| r.as_rule() == Rule::ratifiers) {
                        let ratifiers = self.ratifiers(r);
                        match &procedure.ratified_by {
                            Some(first) => {
                                let first = first.span();
                                self.given_twice(clause, first, "`ratified by`");
                            }
                            None => procedure.ratified_by = Some(ratifiers),
                        }
                    }
                }
                Rule::text => procedure.text.push(self.text_clause(c)),
                _ => {}
            }
        }
        procedure
    }

    fn decision_procedure(&mut self, p: Pair<Rule>) -> DecisionProcedure {
        let span = self.span(&p);
        let mut procedure = DecisionProcedure {
            name: self.missing(span),
            title: None,
            act: None,
            steps: Vec::new(),
            text: Vec::new(),
            span,
        };
        let mut names = 0;
        // Each step, with the condition written after it (`when EXPR`).
        let mut kinds: Vec<StepKind> = Vec::new();
        let mut conditions: Vec<(usize, Expr)> = Vec::new();
        let children = p.into_inner().flat_map(|c| {
            if c.as_rule() == Rule::step {
                c.into_inner().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        });
        for c in children {
            let at = self.span(&c);
            match c.as_rule() {
                // The procedure's name, then (after `for`) the act it is a path to.
                Rule::ident => {
                    if names == 0 {
                        procedure.name = self.ident(&c);
                    } else {
                        procedure.act = Some(self.ident(&c));
                    }
                    names += 1;
                }
                Rule::string => procedure.title = Some(self.text(&c)),
                Rule::text => procedure.text.push(self.text_clause(c)),
                Rule::initiative_step => {
                    let by = c
                        .into_inner()
                        .filter(|i| i.as_rule() == Rule::initiator)
                        .filter_map(|i| self.initiator(i))
                        .collect();
                    kinds.push(StepKind::Initiative { by, span: at });
                }
                Rule::consultation_step => {
                    let of = self.step_party(&c);
                    let period = c
                        .clone()
                        .into_inner()
                        .find(|d| d.as_rule() == Rule::duration)
                        .map(|d| self.duration(d));
                    let deadline = self.deadline_in(c);
                    kinds.push(StepKind::Consultation {
                        of,
                        period,
                        deadline,
                        span: at,
                    });
                }
                Rule::consent_step => {
                    let of = self.step_party(&c);
                    let rule = c
                        .clone()
                        .into_inner()
                        .find(|r| r.as_rule() == Rule::rule_ref)
                        .map(|r| self.rule_ref(r));
                    let deadline = self.deadline_in(c);
                    kinds.push(StepKind::Consent {
                        of,
                        rule,
                        deadline,
                        span: at,
                    });
                }
                Rule::decision_step => {
                    let body = self.first_ident(&c);
                    let mut rule = None;
                    let mut excluding_concerned = None;
                    let mut deadline = None;
                    for d in c.into_inner() {
                        match d.as_rule() {
                            Rule::rule_ref => rule = Some(self.rule_ref(d)),
                            Rule::excluding_concerned => excluding_concerned = Some(self.span(&d)),
                            Rule::deadline => deadline = Some(self.deadline(d)),
                            _ => {}
                        }
                    }
                    let rule = rule.unwrap_or_else(|| RuleRef::Named(self.missing(at)));
                    kinds.push(StepKind::Decision {
                        body,
                        rule,
                        excluding_concerned,
                        deadline,
                        span: at,
                    });
                }
                Rule::objection_step => {
                    let mut by = None;
                    let mut within = None;
                    for d in c.into_inner() {
                        match d.as_rule() {
                            Rule::k_member => by = Some(Objector::AnyMember { span: self.span(&d) }),
                            Rule::ident => by = Some(Objector::AnyOf { body: self.ident(&d) }),
                            Rule::duration => within = Some(self.duration(d)),
                            _ => {}
                        }
                    }
                    // The grammar requires both; a fault elsewhere in the clause
                    // still gives a step, reported where it is written.
                    let by = by.unwrap_or(Objector::AnyMember { span: at });
                    let within = within.unwrap_or_else(|| no_length(at));
                    kinds.push(StepKind::Objection { by, within, span: at });
                }
                Rule::ratification_step => {
                    let mut by = Ratifiers::All { span: at };
                    let mut applicant = None;
                    for r in c.into_inner() {
                        match r.as_rule() {
                            Rule::ratifiers => by = self.ratifiers(r),
                            Rule::applicant => applicant = Some(self.span(&r)),
                            _ => {}
                        }
                    }
                    kinds.push(StepKind::Ratification {
                        by,
                        applicant,
                        span: at,
                    });
                }
                Rule::request_step => {
                    let by = self.first_ident(&c);
                    let within = c
                        .into_inner()
                        .find(|d| d.as_rule() == Rule::duration)
                        .map(|d| self.duration(d));
                    kinds.push(StepKind::Request { by, within, span: at });
                }
                // The grammar puts a condition only right after a step.
                Rule::step_condition => {
                    if let Some(e) = c.into_inner().find(|e| e.as_rule() == Rule::expr) {
                        let e = self.expr(e);
                        conditions.push((kinds.len().saturating_sub(1), e));
                    }
                }
                Rule::prerequisite_step => {
                    let required = self.first_ident(&c);
                    kinds.push(StepKind::Prerequisite {
                        procedure: required,
                        span: at,
                    });
                }
                _ => {}
            }
        }
        let mut conditions = conditions.into_iter().peekable();
        for (i, kind) in kinds.into_iter().enumerate() {
            let when = conditions.next_if(|(at, _)| *at == i).map(|(_, e)| e);
            procedure.steps.push(Step { kind, when });
        }
        procedure
    }

    /// Who is consulted or consents: a body or the member concerned.
    fn step_party(&mut self, c: &Pair<Rule>) -> StepTaker {
        match c
            .clone()
            .into_inner()
            .find(|x| matches!(x.as_rule(), Rule::ident | Rule::concerned_member))
        {
            Some(x) if x.as_rule() == Rule::concerned_member => StepTaker::Concerned { span: self.span(&x) },
            Some(x) => StepTaker::Body { body: self.ident(&x) },
            // The grammar requires one of the two; were it missing, a body with
            // no name is reported by resolution rather than read as someone.
            None => StepTaker::Body {
                body: self.missing(self.span(c)),
            },
        }
    }

    fn initiator(&mut self, p: Pair<Rule>) -> Option<Initiator> {
        let span = self.span(&p);
        let inner = p.into_inner().next()?;
        Some(match inner.as_rule() {
            Rule::ident => Initiator::Body {
                body: self.ident(&inner),
            },
            Rule::any_member => Initiator::AnyMember { span },
            Rule::concerned_member => Initiator::Concerned { span },
            Rule::applicant => Initiator::Applicant { span },
            Rule::member_share => {
                let n = inner.into_inner().find(|n| n.as_rule() == Rule::number_lit)?;
                let mut share = self.number_lit(n);
                self.share(&mut share, "an initiative share");
                Initiator::Share { share }
            }
            _ => return None,
        })
    }

    /// `thirty days after ratification by 55 members and 55% of emissions`
    fn adopted_amendment(&mut self, p: Pair<Rule>) -> AdoptedAmendment {
        let span = self.span(&p);
        let mut a = AdoptedAmendment {
            name: self.missing(span),
            title: None,
            in_force: None,
            covers: Vec::new(),
            withdrawal_at_once: None,
            text: Vec::new(),
            span,
        };
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::ident => a.name = self.ident(&c),
                Rule::string => a.title = Some(self.text(&c)),
                Rule::text => a.text.push(self.text_clause(c)),
                Rule::amendment_in_force => {
                    let at = self.span(&c);
                    if let Some(first) = &a.in_force {
                        let first = first.span;
                        self.given_twice(at, first, "the amendment's entry into force");
                    }
                    let binds_all = c
                        .clone()
                        .into_inner()
                        .find(|x| x.as_rule() == Rule::amendment_binds)
                        .is_some_and(|x| x.into_inner().any(|k| k.as_rule() == Rule::binds_all));
                    a.in_force = Some(AmendmentInForce {
                        binds_all,
                        condition: self.entry_condition(c),
                        span: at,
                    });
                }
                Rule::amendment_covers => {
                    for r in c.into_inner().filter(|x| x.as_rule() == Rule::item_ref) {
                        if let Some(r) = self.item_ref(r) {
                            a.covers.push(r);
                        }
                    }
                }
                Rule::withdrawal_at_once => {
                    if let Some(d) = c.into_inner().find(|x| x.as_rule() == Rule::duration) {
                        a.withdrawal_at_once = Some(self.duration(d));
                    }
                }
                _ => {}
            }
        }
        a
    }

    fn entry_condition(&mut self, p: Pair<Rule>) -> EntryCondition {
        let span = self.span(&p);
        let mut condition = EntryCondition {
            delay: None,
            parts: Vec::new(),
            not_counting: Vec::new(),
            span,
        };
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::duration => condition.delay = Some(self.duration(c)),
                Rule::entry_part => {
                    if let Some(part) = c.into_inner().next().and_then(|x| self.entry_part(x)) {
                        condition.parts.push(part);
                    }
                }
                Rule::entry_including => {
                    if let Some(part) = self.entry_part(c) {
                        condition.parts.push(part);
                    }
                }
                Rule::entry_not_counting => {
                    if let Some(list) = c.into_inner().find(|x| x.as_rule() == Rule::ident_list) {
                        condition.not_counting = self.idents(list);
                    }
                }
                _ => {}
            }
        }
        condition
    }

    fn entry_part(&mut self, p: Pair<Rule>) -> Option<EntryPart> {
        let span = self.span(&p);
        Some(match p.as_rule() {
            Rule::entry_count => {
                let mut count = self.number_lit(p.into_inner().next()?);
                let help = "write the number of parties, such as `55 members`, or a share, such as `2/3 of members`";
                if count.unit.is_some_and(|u| !matches!(u, Unit::Members | Unit::States)) {
                    count.fault = true;
                    self.error(
                        Diagnostic::new(
                            Code::E0012,
                            count.span,
                            format!("`{}` is not a number of parties", count.text),
                        )
                        .with_primary_label("ratifications are counted in members")
                        .with_help(help),
                    );
                } else {
                    self.whole_count(&mut count, "a number of ratifications", help);
                }
                EntryPart::Count { count }
            }
            Rule::entry_share => {
                let mut inner = p.into_inner();
                let mut share = self.number_lit(inner.next()?);
                self.share(&mut share, "a share of ratifications");
                match inner.find(|x| matches!(x.as_rule(), Rule::all_members | Rule::ident)) {
                    Some(f) if f.as_rule() == Rule::ident => EntryPart::Weight {
                        share,
                        fact: self.ident(&f),
                    },
                    _ => EntryPart::MemberShare { share },
                }
            }
            Rule::entry_including => {
                let inner = p
                    .into_inner()
                    .find(|x| matches!(x.as_rule(), Rule::entry_permanent | Rule::ident_list))?;
                if inner.as_rule() == Rule::entry_permanent {
                    let body = inner.into_inner().find(|x| x.as_rule() == Rule::ident)?;
                    EntryPart::IncludingPermanent {
                        body: self.ident(&body),
                        span,
                    }
                } else {
                    EntryPart::Including {
                        states: self.idents(inner),
                        span,
                    }
                }
            }
            _ => return None,
        })
    }

    fn ratifiers(&mut self, p: Pair<Rule>) -> Ratifiers {
        let span = self.span(&p);
        match p
            .into_inner()
            .find(|c| matches!(c.as_rule(), Rule::all_ratify | Rule::number_lit))
        {
            Some(n) if n.as_rule() == Rule::number_lit => {
                let mut share = self.number_lit(n);
                self.share(&mut share, "a ratification share");
                Ratifiers::Share { share }
            }
            _ => Ratifiers::All { span },
        }
    }

    // ------------------------------------------------------------ scenarios

    fn scenario(&mut self, p: Pair<Rule>) -> Scenario {
        let span = self.span(&p);
        let mut s = Scenario {
            name: self.missing(span),
            title: None,
            facts: None,
            given: Vec::new(),
            history: None,
            events: Vec::new(),
            checks: Vec::new(),
            span,
        };
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::ident => s.name = self.ident(&c),
                Rule::string => s.title = Some(self.text(&c)),
                Rule::scenario_facts => {
                    s.facts = c
                        .into_inner()
                        .find(|x| x.as_rule() == Rule::string)
                        .map(|x| self.text(&x))
                }
                Rule::scenario_given => {
                    let given = self.given(c);
                    s.given.push(given);
                }
                Rule::scenario_history => {
                    s.history = c
                        .into_inner()
                        .find(|x| x.as_rule() == Rule::string)
                        .map(|x| self.text(&x))
                }
                Rule::scenario_event => s.events.extend(self.scenario_event(c)),
                Rule::scenario_on => s.checks.extend(self.scenario_on(c)),
                Rule::scenario_vote => s.checks.push(self.scenario_vote(c)),
                Rule::scenario_seats => {
                    let check = self.scenario_seats(c);
                    s.checks.push(check);
                }
                Rule::scenario_candidate => {
                    let cspan = self.span(&c);
                    let id = self.first_ident(&c);
                    let expect_eligible = !c
                        .into_inner()
                        .find(|x| x.as_rule() == Rule::eligibility)
                        .is_some_and(|e| e.into_inner().any(|k| k.as_rule() == Rule::k_not));
                    s.checks.push(ScenarioCheck::Candidate {
                        id,
                        expect_eligible,
                        span: cspan,
                    });
                }
                Rule::scenario_procedure => {
                    let check = self.scenario_procedure(c);
                    s.checks.push(check);
                }
                Rule::scenario_member => {
                    let cspan = self.span(&c);
                    let id = self.first_ident(&c);
                    let expect_breach_of = c
                        .into_inner()
                        .find(|x| x.as_rule() == Rule::expected_breach)
                        .and_then(|b| b.into_inner().find(|n| n.as_rule() == Rule::article_number))
                        .map(|n| self.article_number(&n));
                    s.checks.push(ScenarioCheck::Member {
                        id,
                        expect_breach_of,
                        span: cspan,
                    });
                }
                _ => {}
            }
        }
        s
    }

    /// `ENTITY.KEY = VALUE`, in a `given` or a `fact` event.
    fn given(&mut self, p: Pair<Rule>) -> Given {
        let gspan = self.span(&p);
        let mut names = Vec::new();
        let mut value = String::new();
        let mut percent = false;
        for x in p.into_inner() {
            match x.as_rule() {
                Rule::ident => names.push(self.ident(&x)),
                Rule::given_value => {
                    percent = x.as_str().ends_with('%');
                    value = x.as_str().trim_end_matches('%').to_string();
                }
                _ => {}
            }
        }
        let mut names = names.into_iter();
        let entity = names.next().unwrap_or_else(|| self.missing(gspan));
        let name = names.next().unwrap_or_else(|| self.missing(gspan));
        Given {
            entity,
            name,
            value,
            percent,
            span: gspan,
        }
    }

    fn scenario_event(&mut self, p: Pair<Rule>) -> Option<ScenarioEvent> {
        let span = self.span(&p);
        let mut date = None;
        let mut kind = None;
        let mut state = None;
        let mut act = None;
        let mut fact = None;
        let mut until = None;
        let mut holder = None;
        let mut dates_ok = true;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::date => {
                    let d = self.date(&c);
                    dates_ok &= d.is_some();
                    if date.is_none() {
                        date = d;
                    } else {
                        until = d;
                    }
                }
                Rule::event_kind => kind = Some(self.ident(&c)),
                Rule::event_state => state = Some(self.first_ident(&c)),
                Rule::event_act => act = Some(EventAct::Name(self.first_ident(&c))),
                Rule::act_ref => act = self.act_ref(&c).map(EventAct::Act),
                Rule::fact_setting => fact = Some(self.given(c)),
                Rule::string => holder = Some(self.text(&c)),
                _ => {}
            }
        }
        if !dates_ok {
            return None;
        }
        Some(ScenarioEvent {
            date: date?,
            kind: kind?,
            state,
            act,
            fact,
            until,
            holder,
            span,
        })
    }

    fn scenario_on(&mut self, p: Pair<Rule>) -> Option<ScenarioCheck> {
        let span = self.span(&p);
        let mut date = None;
        let mut dated = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::date => date = Some(self.date(&c)?),
                Rule::scenario_vote => dated = Some(DatedCheck::Vote(Box::new(self.scenario_vote(c)))),
                Rule::scenario_procedure => dated = Some(DatedCheck::Procedure(Box::new(self.scenario_procedure(c)))),
                Rule::scenario_seats => dated = Some(DatedCheck::Seats(Box::new(self.scenario_seats(c)))),
                Rule::on_expectation => dated = self.on_expectation(c),
                _ => {}
            }
        }
        Some(ScenarioCheck::On {
            date: date?,
            dated: Box::new(dated?),
            span,
        })
    }

    fn on_expectation(&mut self, p: Pair<Rule>) -> Option<DatedCheck> {
        let c = p.into_inner().next()?;
        Some(match c.as_rule() {
            Rule::expect_in_force => DatedCheck::InForce {
                expected: !c.clone().into_inner().any(|x| x.as_rule() == Rule::k_not),
                from: self.date_in(&c),
            },
            Rule::expect_count => {
                let n = c.clone().into_inner().find(|x| x.as_rule() == Rule::number)?;
                let members = self.plain_number(&n);
                DatedCheck::Count { members }
            }
            Rule::expect_rule => {
                let ids: Vec<Ident> = c
                    .into_inner()
                    .filter(|x| x.as_rule() == Rule::ident)
                    .map(|x| self.ident(&x))
                    .collect();
                let mut ids = ids.into_iter();
                let rule = ids.next()?;
                let decision = ids.next().zip(ids.next());
                DatedCheck::Rule { rule, decision }
            }
            Rule::expect_stage => DatedCheck::Stage {
                stage: self.first_ident(&c),
            },
            Rule::expect_bound => {
                let expected = !c.clone().into_inner().any(|x| x.as_rule() == Rule::k_not);
                let mut ids = c.into_inner().filter(|x| x.as_rule() == Rule::ident);
                let state = self.ident(&ids.next()?);
                let amendment = self.ident(&ids.next()?);
                DatedCheck::Bound {
                    state,
                    amendment,
                    expected,
                }
            }
            Rule::expect_seated => {
                let mut holder = None;
                let mut body = None;
                let mut expected = true;
                let mut eligible = false;
                for x in c.into_inner() {
                    match x.as_rule() {
                        Rule::k_not => expected = false,
                        Rule::k_eligible => eligible = true,
                        Rule::string => holder = Some(self.text(&x)),
                        Rule::ident if holder.is_none() => {
                            let id = self.ident(&x);
                            holder = Some(Text {
                                value: id.name,
                                span: id.span,
                            });
                        }
                        Rule::ident => body = Some(self.ident(&x)),
                        _ => {}
                    }
                }
                DatedCheck::Seated {
                    holder: holder?,
                    body: body?,
                    eligible,
                    expected,
                }
            }
            Rule::expect_obligation => {
                let mut state = None;
                let mut obligation = None;
                let mut expected = None;
                for x in c.into_inner() {
                    match x.as_rule() {
                        // Before the word for the state, a name is the member's; after it, the obligation's.
                        Rule::ident if expected.is_none() => state = Some(self.ident(&x)),
                        Rule::ident => obligation = Some(self.ident(&x)),
                        Rule::obligation_state => {
                            let words: Vec<Rule> = x.into_inner().map(|k| k.as_rule()).collect();
                            expected = Some(match words.as_slice() {
                                [Rule::k_met] => DutyState::Met,
                                [Rule::k_overdue] => DutyState::Overdue,
                                [Rule::k_not, Rule::k_due] => DutyState::NotDue,
                                _ => DutyState::Due,
                            });
                        }
                        _ => {}
                    }
                }
                DatedCheck::Obligation {
                    state,
                    expected: expected?,
                    obligation: obligation?,
                }
            }
            _ => {
                let state = self.first_ident(&c);
                let words: Vec<Rule> = c
                    .into_inner()
                    .filter(|x| x.as_rule() == Rule::standing)
                    .flat_map(|x| x.into_inner().map(|k| k.as_rule()))
                    .collect();
                let expected = match words.as_slice() {
                    [Rule::k_not, Rule::k_member] => StandingKind::NotMember,
                    [Rule::k_suspended] => StandingKind::Suspended,
                    [Rule::k_withdrawing] => StandingKind::Withdrawing,
                    _ => StandingKind::Member,
                };
                DatedCheck::Standing { state, expected }
            }
        })
    }

    fn scenario_procedure(&mut self, p: Pair<Rule>) -> ScenarioCheck {
        let span = self.span(&p);
        let mut check = ProcedureCheck {
            name: self.missing(span),
            applicant: None,
            concerned: Vec::new(),
            initiated_by: None,
            consulted: Vec::new(),
            consented: Vec::new(),
            decided: false,
            ratified: None,
            completed: Vec::new(),
            voted: None,
            since: None,
            extended: false,
            objected: Vec::new(),
            exhausted: false,
            requested: false,
            complied: None,
            expect: ProcedureOutcome::Adopted,
            span,
        };
        let list = |l: &mut Self, c: Pair<Rule>| -> Vec<Ident> {
            c.into_inner()
                .filter(|x| x.as_rule() == Rule::ident_list)
                .flat_map(|x| l.idents(x))
                .collect()
        };
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::ident => check.name = self.ident(&c),
                Rule::procedure_taken => {
                    let Some(t) = c.into_inner().next() else { continue };
                    match t.as_rule() {
                        Rule::taken_applicant => check.applicant = Some(self.first_ident(&t)),
                        Rule::taken_concerned => check.concerned.extend(list(self, t)),
                        Rule::taken_initiated => {
                            check.initiated_by = t
                                .into_inner()
                                .find(|v| v.as_rule() == Rule::voters)
                                .map(|v| self.voters(v));
                        }
                        Rule::taken_consulted => check.consulted.extend(list(self, t)),
                        Rule::taken_consented => check.consented.extend(list(self, t)),
                        Rule::taken_decided => check.decided = true,
                        Rule::taken_voted => {
                            let vote = check.voted.get_or_insert_with(ProcedureVote::default);
                            for part in t.into_inner().filter(|x| x.as_rule() == Rule::voted_part) {
                                let mut role = None;
                                let mut voters = None;
                                for x in part.into_inner() {
                                    match x.as_rule() {
                                        Rule::voted_role => role = x.into_inner().next().map(|k| k.as_rule()),
                                        Rule::voters => voters = Some(self.voters(x)),
                                        _ => {}
                                    }
                                }
                                let slot = match role {
                                    Some(Rule::k_yes) => &mut vote.yes,
                                    Some(Rule::k_no) => &mut vote.no,
                                    Some(Rule::k_abstain) => &mut vote.abstain,
                                    _ => &mut vote.seated,
                                };
                                *slot = voters;
                            }
                        }
                        Rule::taken_ratified => {
                            let mut voters = None;
                            let mut others = Vec::new();
                            for x in t.into_inner() {
                                match x.as_rule() {
                                    Rule::voters => voters = Some(self.voters(x)),
                                    Rule::ident_list => others.extend(self.idents(x)),
                                    _ => {}
                                }
                            }
                            check.ratified = voters.map(|v| (v, others));
                        }
                        Rule::taken_completed => check.completed.extend(list(self, t)),
                        Rule::taken_since => check.since = self.date_in(&t),
                        Rule::taken_extended => check.extended = true,
                        Rule::taken_objected => check.objected.extend(list(self, t)),
                        Rule::taken_exhausted => check.exhausted = true,
                        Rule::taken_requested => check.requested = true,
                        Rule::taken_complied => {
                            check.complied = Some(!t.into_inner().any(|x| x.as_rule() == Rule::k_not));
                        }
                        _ => {}
                    }
                }
                Rule::procedure_expectation => {
                    check.expect = match c.into_inner().next().map(|e| e.as_rule()) {
                        Some(Rule::k_pending) => ProcedureOutcome::Pending,
                        Some(Rule::k_failed) => ProcedureOutcome::Failed,
                        Some(Rule::k_undecided) => ProcedureOutcome::Undecided,
                        _ => ProcedureOutcome::Adopted,
                    };
                }
                _ => {}
            }
        }
        ScenarioCheck::Procedure(check)
    }

    fn scenario_vote(&mut self, p: Pair<Rule>) -> ScenarioCheck {
        let span = self.span(&p);
        let mut names = Vec::new();
        let (mut yes, mut no, mut abstain, mut participants, mut concerned, mut seated) =
            (None, None, None, None, None, None);
        let mut permitted = None;
        let mut steps = ScenarioSteps::default();
        let mut expect_passes = true;
        let mut vote_only = false;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::ident => names.push(self.ident(&c)),
                Rule::vote_step => {
                    for step in c.into_inner() {
                        let span = self.span(&step);
                        match step.as_rule() {
                            Rule::step_proposed => {
                                let body = self.first_ident(&step);
                                if let Some(first) = &steps.proposed_by {
                                    let first = first.span;
                                    self.given_twice(span, first, "`proposed by`");
                                }
                                steps.proposed_by = Some(body);
                            }
                            Rule::step_adopted | Rule::step_authorised => {
                                let kind = step.as_rule();
                                let ids: Vec<Ident> = step
                                    .into_inner()
                                    .filter(|l| l.as_rule() == Rule::ident_list)
                                    .flat_map(|l| self.idents(l))
                                    .collect();
                                if kind == Rule::step_adopted {
                                    steps.adopted_by.extend(ids);
                                } else {
                                    steps.authorised.extend(ids);
                                }
                            }
                            Rule::step_agreed => steps.agreed_by_concerned = true,
                            Rule::step_exhausted => steps.exhausted = true,
                            Rule::step_contested => steps.contested = true,
                            Rule::step_since => steps.since = self.date_in(&step),
                            Rule::step_ratified => {
                                if let Some(v) = step.into_inner().find(|v| v.as_rule() == Rule::voters) {
                                    if steps.ratified.is_some() {
                                        self.given_twice(span, span, "`ratified by`");
                                    }
                                    steps.ratified = Some(self.voters(v));
                                }
                            }
                            _ => {}
                        }
                    }
                }
                Rule::ballot_part => {
                    let part_span = self.span(&c);
                    let mut role = None;
                    let mut voters = None;
                    for x in c.into_inner() {
                        match x.as_rule() {
                            Rule::ballot_role => role = x.into_inner().next().map(|k| k.as_rule()),
                            Rule::voters => voters = Some(self.voters(x)),
                            _ => {}
                        }
                    }
                    let slot = match role {
                        Some(Rule::k_yes) => &mut yes,
                        Some(Rule::k_no) => &mut no,
                        Some(Rule::k_abstain) => &mut abstain,
                        Some(Rule::k_participants) => &mut participants,
                        Some(Rule::k_seated) => &mut seated,
                        Some(Rule::k_permitted) => &mut permitted,
                        _ => &mut concerned,
                    };
                    // A role given twice would silently lose the first list.
                    let repeated = slot.is_some();
                    *slot = voters;
                    if repeated {
                        self.given_twice(part_span, part_span, "a ballot role");
                    }
                }
                Rule::vote_expectation => {
                    for k in c.into_inner() {
                        match k.as_rule() {
                            Rule::vote_only => vote_only = true,
                            Rule::k_passes => expect_passes = true,
                            Rule::k_fails => expect_passes = false,
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        let mut names = names.into_iter();
        ScenarioCheck::Vote {
            body: names.next().unwrap_or_else(|| self.missing(span)),
            decision: names.next().unwrap_or_else(|| self.missing(span)),
            yes,
            no,
            abstain,
            participants,
            concerned,
            seated,
            permitted,
            steps,
            expect_passes,
            vote_only,
            span,
        }
    }

    fn voters(&mut self, p: Pair<Rule>) -> Voters {
        match p.into_inner().next() {
            Some(x) if x.as_rule() == Rule::all_except => Voters::AllExcept(
                x.into_inner()
                    .filter(|l| l.as_rule() == Rule::ident_list)
                    .flat_map(|l| self.idents(l))
                    .collect(),
            ),
            Some(x) if x.as_rule() == Rule::voter_list => {
                let votes: Vec<SeatVote> = x
                    .into_inner()
                    .filter(|v| v.as_rule() == Rule::voter)
                    .map(|v| {
                        let span = self.span(&v);
                        let mut vote = SeatVote {
                            member: None,
                            seats: None,
                            span,
                        };
                        for part in v.into_inner() {
                            match part.as_rule() {
                                Rule::ident => vote.member = Some(self.ident(&part)),
                                Rule::number => vote.seats = Some(self.seat_number(&part)),
                                _ => {}
                            }
                        }
                        vote
                    })
                    .collect();
                if votes.iter().all(|v| v.seats.is_none()) {
                    Voters::List(votes.into_iter().filter_map(|v| v.member).collect())
                } else {
                    Voters::Seats(votes)
                }
            }
            _ => Voters::All,
        }
    }

    // ------------------------------------------------------------ expressions

    pub(crate) fn expr(&mut self, p: Pair<Rule>) -> Expr {
        let span = self.span(&p);
        let inner = p.into_inner();
        if let Some(d) = self.too_long(&inner, span) {
            self.error(d);
            return Expr {
                kind: ExprKind::Bool { value: false },
                span,
            };
        }
        self.pratt_expr(inner)
    }

    /// Refuses expressions whose tree would be deeper than the stack allows.
    fn too_long(&self, pairs: &Pairs<Rule>, span: Span) -> Option<Diagnostic> {
        let mut operators = 0;
        let mut prefix_run = 0;
        for p in pairs.clone() {
            match p.as_rule() {
                Rule::op_not | Rule::op_neg => {
                    prefix_run += 1;
                    operators += 1;
                }
                Rule::op_or
                | Rule::op_and
                | Rule::op_ge
                | Rule::op_le
                | Rule::op_ne
                | Rule::op_gt
                | Rule::op_lt
                | Rule::op_eq
                | Rule::op_add
                | Rule::op_sub
                | Rule::op_mul
                | Rule::op_div
                | Rule::op_of => {
                    operators += 1;
                    prefix_run = 0;
                }
                _ => prefix_run = 0,
            }
            if prefix_run > MAX_DEPTH {
                return Some(
                    Diagnostic::new(Code::E0008, span, format!("nesting deeper than {MAX_DEPTH}"))
                        .with_primary_label(format!("more than {MAX_DEPTH} `not` or `-` in a row"))
                        .with_help("write the condition without repeating `not` or `-`: two of them cancel out"),
                );
            }
            if operators > MAX_OPERATORS {
                return Some(
                    Diagnostic::new(
                        Code::E0008,
                        span,
                        format!("an expression of more than {MAX_OPERATORS} operators"),
                    )
                    .with_primary_label(format!("this expression has more than {MAX_OPERATORS} operators"))
                    .with_help("name parts of the condition as derived facts instead of chaining them"),
                );
            }
        }
        None
    }

    fn pratt_expr(&mut self, pairs: Pairs<Rule>) -> Expr {
        // The Pratt parser's closures cannot all borrow `self` mutably at once, so
        // diagnostics raised inside them are collected in a cell and moved out after.
        let this = std::cell::RefCell::new(&mut *self);
        let expr = PRATT
            .map_primary(|p| this.borrow_mut().primary(p))
            .map_prefix(|op, operand| {
                let span = this.borrow().span(&op).to(operand.span);
                let op = if op.as_rule() == Rule::op_not {
                    UnaryOp::Not
                } else {
                    UnaryOp::Neg
                };
                Expr {
                    kind: ExprKind::Unary {
                        op,
                        operand: Box::new(operand),
                    },
                    span,
                }
            })
            .map_infix(|lhs, op, rhs| {
                let op = match op.as_rule() {
                    Rule::op_or => BinaryOp::Or,
                    Rule::op_and => BinaryOp::And,
                    Rule::op_ge => BinaryOp::Ge,
                    Rule::op_le => BinaryOp::Le,
                    Rule::op_ne => BinaryOp::Ne,
                    Rule::op_gt => BinaryOp::Gt,
                    Rule::op_lt => BinaryOp::Lt,
                    Rule::op_eq => BinaryOp::Eq,
                    Rule::op_add => BinaryOp::Add,
                    Rule::op_sub => BinaryOp::Sub,
                    Rule::op_mul => BinaryOp::Mul,
                    Rule::op_div => BinaryOp::Div,
                    _ => BinaryOp::Of,
                };
                let span = lhs.span.to(rhs.span);
                Expr {
                    kind: ExprKind::Binary {
                        op,
                        lhs: Box::new(lhs),
                        rhs: Box::new(rhs),
                    },
                    span,
                }
            })
            .parse(pairs);
        expr
    }

    fn primary(&mut self, p: Pair<Rule>) -> Expr {
        let span = self.span(&p);
        let kind = match p.as_rule() {
            Rule::expr => return self.expr(p),
            Rule::number_lit => ExprKind::Number(Box::new(self.number_lit(p))),
            Rule::bool_lit => ExprKind::Bool {
                value: p.into_inner().next().map(|b| b.as_rule()) == Some(Rule::k_true),
            },
            Rule::path => ExprKind::Path {
                segments: self.idents(p),
            },
            Rule::authorised => ExprKind::AuthorisedBy {
                body: self.first_ident(&p),
            },
            Rule::ratified => match p.into_inner().find(|r| r.as_rule() == Rule::ratifiers) {
                Some(r) => ExprKind::RatifiedBy {
                    ratifiers: Box::new(self.ratifiers(r)),
                },
                None => ExprKind::Bool { value: false },
            },
            Rule::total => ExprKind::Total {
                attribute: self.first_ident(&p),
            },
            Rule::member_count => match p.into_inner().find(|c| c.as_rule() == Rule::members_with) {
                None => ExprKind::MemberCount,
                Some(w) => {
                    let at = self.span(&w);
                    let condition = match w.into_inner().find(|c| matches!(c.as_rule(), Rule::expr | Rule::path)) {
                        Some(c) if c.as_rule() == Rule::expr => self.expr(c),
                        Some(c) => Expr {
                            span: self.span(&c),
                            kind: ExprKind::Path {
                                segments: self.idents(c),
                            },
                        },
                        None => Expr {
                            kind: ExprKind::Bool { value: false },
                            span: at,
                        },
                    };
                    ExprKind::MembersWith {
                        condition: Box::new(condition),
                    }
                }
            },
            _ => ExprKind::Bool { value: false },
        };
        Expr { kind, span }
    }
}

/// One top-level piece read while resynchronising.
pub(crate) enum Lone {
    Item(Box<Item>),
    Change(Change),
}

impl Lone {
    /// The item, where it is one (`text` reads as a change and as an item alike).
    pub(crate) fn into_item(self) -> Option<Item> {
        match self {
            Lone::Item(item) => Some(*item),
            Lone::Change(Change::Text(text)) => Some(Item::Text(text)),
            Lone::Change(_) => None,
        }
    }
}

/// `s` without trailing whitespace and comments.
fn trim_trivia(mut s: &str) -> &str {
    loop {
        let trimmed = s.trim_end();
        let line_start = trimmed.rfind('\n').map_or(0, |i| i + 1);
        let last_line = trimmed.get(line_start..).unwrap_or("");
        // Nearly every node ends in code: a search for `/` (memchr) rules out a
        // comment before the byte-by-byte scan that tells quoted text apart.
        if !last_line.contains('/') {
            return trimmed;
        }
        if let Some(at) = line_comment_start(last_line) {
            s = trimmed.get(..line_start + at).unwrap_or(trimmed);
            continue;
        }
        if trimmed.ends_with("*/") {
            if let Some(open) = trimmed.rfind("/*") {
                s = trimmed.get(..open).unwrap_or(trimmed);
                continue;
            }
        }
        return trimmed;
    }
}

/// Where a `//` comment starts on a line, ignoring `//` inside quoted text.
fn line_comment_start(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut in_text = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' if in_text => i += 1,
            b'"' => in_text = !in_text,
            b'/' if !in_text && bytes.get(i + 1) == Some(&b'/') => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Collapses the spaces between the words of an action or measure.
fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A length the grammar requires but a damaged clause lacks: zero days, which the
/// checker never reads as a real limit because the clause's error is reported.
fn no_length(span: Span) -> Duration {
    Duration {
        length: Length {
            amount: 0,
            unit: TimeUnit::Days,
        },
        span,
    }
}
