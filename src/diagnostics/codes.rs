//! The catalogue of diagnostic codes.
//!
//! Each code is stable once published: its number never changes meaning. The page
//! text here is what `treatyc explain CODE` prints and what `docs/diagnostics.md`
//! is generated from (a test keeps the two identical).

use super::Severity;

macro_rules! catalogue {
    ($( $code:ident $severity:ident $title:literal => $page:literal ;)*) => {
        /// A stable diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($code),* }

        impl Code {
            /// Every code, in numeric order.
            pub const ALL: &'static [Code] = &[$(Code::$code),*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$code => stringify!($code)),* }
            }

            /// A one-line summary of what the code reports.
            pub fn title(self) -> &'static str {
                match self { $(Code::$code => $title),* }
            }

            /// The code's page: what, why it matters, an example, how to fix.
            pub fn page(self) -> &'static str {
                match self { $(Code::$code => $page),* }
            }

            pub fn severity(self) -> Severity {
                match self { $(Code::$code => Severity::$severity),* }
            }

            /// Whether the error leaves the treaty unread, so that no analysis can
            /// run: the file does not parse. A figure that parses but cannot be used
            /// (a share above 100%, `2/0`, 31 February) is not: it is marked faulty
            /// in the syntax tree and the checker still reports every other fault.
            pub fn stops_analysis(self) -> bool {
                self.severity() == Severity::Error
                    && !matches!(
                        self,
                        Code::E0011
                            | Code::E0012
                            | Code::E0013
                            | Code::E0014
                            | Code::E0015
                            | Code::E0018
                            | Code::E0019
                            | Code::E0020
                            | Code::E1001
                            | Code::E1002
                    )
            }

            /// Looks a code up by its name, ignoring case (`e0001` finds `E0001`).
            pub fn parse(name: &str) -> Option<Code> {
                Code::ALL.iter().copied().find(|c| c.as_str().eq_ignore_ascii_case(name.trim()))
            }
        }
    };
}

catalogue! {
E0001 Error "unexpected input" => r#"The parser met something it did not expect at this point of the treaty.

Why it matters: a treaty that does not parse cannot be checked, evaluated or drawn;
every later analysis needs the whole text.

Example:
    body Council {
        seats one per member      // the colon is missing
    }

Fix: read the "expected ..." list in the message; it names the constructs that may
stand at that point. `docs/language.md` has an example of every construct. Where a
line stops short (`decides admission by` and nothing after it), the error points at
its last word, where the missing part goes, and labels the next line's first word,
which is fine where it stands. After an error, reading resumes at the next item:
the items after a faulty one are reported only for faults of their own."#;

E0002 Error "unclosed delimiter" => r#"A `{`, `(` or `[` is opened and never closed.

Why it matters: everything after the opening brace would be read as part of the
same provision, so later articles silently change meaning.

Example:
    article 5 "Collective defence" {
        text "An armed attack against one ..."
    // the closing brace of article 5 is missing

Fix: add the closing delimiter where the construct ends. The label points at the
opening delimiter that has no partner."#;

E0003 Error "unexpected closing delimiter" => r#"A `}`, `)` or `]` closes something that was never opened, or closes a
different kind of delimiter than the one that is open.

Example:
    rule qmv = members >= 55%)

Fix: remove the stray delimiter, or open the construct it was meant to close."#;

E0004 Error "malformed number" => r#"A number is written in a way the language does not accept, such as `1.2.3`,
`15x` or `2,5`.

Why it matters: thresholds and facts are compared exactly; a number that is read
differently from what the drafters meant changes who wins a vote.

Fix: write digits with an optional decimal point (`2.5`), an optional `_` as
thousands separator (`1_000_000`), and a unit after a space (`15 members`, `6 billion USD`)."#;

E0005 Error "unterminated string" => r#"A quoted text starts with `"` and the file ends before the closing `"`.

Example:
    text "An armed attack against one member shall be considered an attack against them all.

Fix: close the text with `"`. Write `\"` for a quotation mark inside a text."#;

E0006 Error "empty treaty file" => r#"The file holds no treaty and no amendment (it is empty, or only comments and blank lines).

Why it matters: an empty file checked as part of a set usually means a wrong path
or a failed export, not a treaty with no provisions.

Fix: start the file with `treaty NAME "Title" { ... }` or
`amendment NAME "Title" amends TREATY { ... }`."#;

E0007 Error "file is not valid UTF-8" => r#"The file contains bytes that are not UTF-8 text. The message names the byte
offset of the first invalid byte.

Why it matters: treaty texts are quoted in their authentic language; a file in
another encoding would show those texts corrupted.

Fix: save the file as UTF-8 (most editors offer "Save with encoding")."#;

E0008 Error "nesting too deep" => r#"Parentheses or braces are nested more deeply than the compiler accepts.

Why it matters: no real treaty nests conditions this deeply; such input is almost
always generated by mistake, and refusing it keeps the compiler from exhausting
its stack.

Fix: name intermediate conditions as derived facts (`facts member { ready = ... }`)
instead of nesting them."#;

E0009 Error "unknown keyword" => r#"A word stands where a keyword is expected, and it looks like a misspelling of
one (`artcle` for `article`, `unanimty` for `unanimity`).

Fix: use the keyword the help line suggests."#;

E0010 Error "missing voting rule" => r#"A power or sanction says `by` but no voting rule follows.

Why it matters: a decision with no voting rule cannot be taken; every power must
say how its body decides.

Example:
    decides admission by
    }

Fix: name a built-in rule (`unanimity`, `consensus`, `simple majority`,
`absolute majority`, `two-thirds majority`) or a rule declared with `rule NAME = ...`."#;

E0011 Error "share above 100%" => r#"A share that must be part of a whole (a voting threshold, a quorum, a share of
a budget, a ratification share) is larger than 100%.

Why it matters: a voting rule that asks for 120% of the members can never be met,
so the body it governs can never decide.

Example:
    rule qmv = members >= 155%

Fix: write the share intended (`55%`), or a count of members (`members >= 15`)."#;

E0012 Error "unknown unit" => r#"A number carries a unit the language does not know.

Known units: `members`, `seats`, `votes`, `states`, `people`, `years`, `months`,
`days`, the currency codes `USD`, `EUR`, `GBP`, `JPY`, `CHF`, and `%`.

Example:
    gdp >= 2 trillion dollars

Fix: use a known unit (`2 trillion USD`)."#;

E0013 Error "number out of range" => r#"A number is too large to be represented exactly.

Why it matters: the compiler computes votes and shares exactly; it refuses to round.

Fix: use a scale word (`6 billion USD`) or a smaller number."#;

E0014 Error "empty score range" => r#"A bounded score declares a lower bound that is not below its upper bound.

Example:
    facts member { freedom_score: score 100..0 }

Fix: write the lower bound first (`score 0..100`)."#;

E0015 Error "division by zero in a constant" => r#"A fraction or constant expression divides by zero, as in `2/0`.

Fix: write the share intended (`2/3`)."#;

E0016 Error "unterminated comment" => r#"A block comment starts with `/*` and the file ends before `*/`.

Fix: close the comment with `*/`, or use `//` comments that end at the end of the line."#;

E0017 Error "text after the end of the document" => r#"Something follows the closing brace of the treaty or amendment. A file holds
exactly one document.

Fix: put each treaty or amendment in its own file, or move the provisions inside
the document's braces."#;

E0018 Error "clause given twice" => r#"A clause that may be given once is given twice: `subject to ratification` or
`excluding concerned` twice on one power, or `adopted by` or `ratified by` twice in
an amendment procedure.

Why it matters: the two may say different things, and keeping either one silently
would change what the treaty means. (Clauses that name bodies accumulate instead:
two `on proposal from` are alternative proposers, two `jointly with` two
co-deciders, two `proposed by` lines more proposers.)

Example:
    amendment procedure {
        adopted by Council by unanimity
        adopted by Council by simple majority
    }

Fix: keep the clause that is meant and remove the other."#;

E0019 Error "count is not a whole number" => r#"A number of members or seats is a share or a fraction: `blocking minority >= 3.5
members`, `blocking minority >= 50%`, `seats: 2.5`.

Why it matters: a body has whole seats, and a blocking minority is a number of
members not in favour; a fraction here has no meaning treatyc could apply, and
reading it as 0 would block what the rule should pass.

Example:
    rule qmv = members >= 55% and population >= 65% and blocking minority >= 2/3

Fix: write a whole number (`blocking minority >= 4 members`, `seats: 15`). A
share of the members is a threshold: `members >= 55%`."#;

E0020 Error "rule clause with no meaning in a vote" => r#"A clause of a voting rule is written so that no vote could apply it: a blocking
minority compared with `<`, `<=`, `=` or `!=`, or a quorum measured against the
votes cast or the members present.

Why it matters: a blocking minority says how many members it takes at least to
block ("a blocking minority must include at least four members", TFEU Art.
238(3)), and a quorum says how many members must be present; reading either another
way (an upper bound as a floor, presence against itself) would silently change the
rule.

Example:
    rule qmv = members >= 55% and population >= 65% and blocking minority <= 4 members
    rule court = simple majority and quorum >= 2/3 of votes cast

Fix: write `blocking minority >= 4 members` (or `> 3 members`), and `quorum >= 2/3
of members`."#;

E0101 Error "defined twice" => r#"Two declarations give the same name to two bodies, rules, articles, provisions,
criteria, sanctions, funds, parties or fact attributes.

Why it matters: every reference to the name becomes ambiguous; a sanction "on breach
of article 7" could mean either article.

Example:
    body Council { seats: one per member }
    body Council { seats: 27 }

Fix: rename one of them, or merge them. Both places are labelled."#;

E0102 Error "undefined body" => r#"A body named in a power, relationship, seat, sanction, fund or condition is not
declared.

Example:
    decides admission by qmv on proposal from Comission

Fix: correct the name (the help suggests the closest declared body), or declare it
with `body NAME { ... }` or `external body NAME`."#;

E0103 Error "undefined voting rule" => r#"A power, sanction or procedure decides by a rule that is neither declared nor built in.

Example:
    decides admission by qvm

Fix: correct the name, declare the rule with `rule NAME = ...`, or use a built-in rule
(`unanimity`, `consensus`, `simple majority`, `absolute majority`, `two-thirds majority`)."#;

E0104 Error "undefined article" => r#"A sanction is triggered by the breach of an article, or a provision derogates from
an article (`notwithstanding article N`), that the treaty does not contain.

Why it matters: a sanction that points nowhere can never be applied.

Fix: name an existing article number (`breach of article 7`)."#;

E0105 Error "undefined provision" => r#"A sanction is triggered by the breach of a provision label, or a provision derogates
from one (`notwithstanding provision NAME`), that no provision carries.

Example:
    sanction s on breach of defense: ...      // the provision is labelled `defence:`

Fix: label the provision (`defence: every member must ...`) and use that label."#;

E0106 Error "undefined criterion" => r#"A sanction is triggered by the failure of a membership criterion that is not declared.

Fix: correct the name, or declare it with `criterion NAME: ...`."#;

E0107 Error "undefined fact" => r#"An expression or a voting weight names a fact attribute (or an enumeration value)
that no `facts` block declares.

Why it matters: the condition could never be evaluated against real figures.

Example:
    facts member { gdp: money }
    criterion rich: gpd >= 1 trillion USD

Fix: correct the name (the help suggests the closest), or declare the attribute in
`facts member { ... }` (or `facts world`, `facts situation`)."#;

E0108 Error "undefined stage" => r#"A stage comes `after` a stage that does not exist.

Fix: name a declared stage, or remove `after` for the first stage."#;

E0109 Error "undefined party" => r#"A veto or a permanent seat names a state that is not among the treaty's `parties`.

Fix: correct the identifier or add the state to `parties { ... }`."#;

E0110 Error "proposal to a body that does not decide it" => r#"A body proposes a decision to another body that has no power over that decision.

Why it matters: the proposal has nowhere to go; usually the decision is misnamed
or given to the wrong body.

Example:
    body Commission { proposes budget to Council }
    body Council { decides broad_policy by qmv }

Fix: give the receiving body the power (`decides budget by ...`), or propose to the
body that decides it."#;

E0111 Error "stage change addresses nothing" => r#"A stage replaces or removes a provision that neither the treaty nor an earlier
stage defines.

Fix: use `add` for something new, or name an existing provision (`replace body
Ministers { ... }`, `remove rule consensus`)."#;

E0112 Error "stage cycle" => r#"A stage comes after itself, directly or through other stages.

Fix: the stages must form a ladder that starts at a stage with no `after`."#;

E0113 Error "stage can never be entered" => r#"A stage's entry condition contradicts itself: no figures can meet it, so the
stage, and every stage after it on the ladder, can never be entered.

Why it matters: a treaty that plans its evolution towards a union or a federation
must say how to get there; an entry condition such as "members hold at least half
of the world's population and less than a tenth of it" closes the road.

Example:
    stage federation after union
      when total population of members >= 50% of world.population
       and total population of members < 10% of world.population { ... }

Aggregates (`total population of members`, `number of members`) are unknowns the
checker knows nothing about except what the condition says, so only a condition
that fails whatever the figures is reported.

Fix: correct the thresholds, or join the alternatives with `or`."#;

E0114 Error "too many stages" => r#"The treaty declares more than 256 stages.

Why it matters: treatyc checks the effective treaty of every stage in full (every
contradiction is looked for in each stage), so the work grows with the number of
stages times the size of the treaty. Past the limit it refuses at once rather than
run for minutes; no real treaty comes near it.

Fix: merge stages that enter together: one stage may add, replace and remove many
provisions."#;

W0101 Warning "unused voting rule" => r#"A voting rule is declared but no power, sanction, amendment procedure or
entrenchment uses it, in any stage.

Why it matters: usually the power that should use it names another rule by mistake.

Fix: use it (`decides DECISION by NAME`), or remove it."#;

W0102 Warning "body without a function" => r#"An internal body has no function at all: it decides nothing, and it does not
propose, approve, appoint, elect, oversee, interpret, arbitrate, authorise, manage a
fund, sanction, take part in a procedure or in the amendment procedure. Reporting to
another body, cooperating with it or being headed by an office are relations, not
functions. A court that `interprets` the treaty, or a commission that only
`proposes`, has a function and is not reported.

Why it matters: a body with seats but no function is either a forgotten competence
or an office-holder declared as a body.

Fix: give it a power (`decides DECISION by RULE`) or a function, or declare it as an
`office`."#;

E0115 Error "consent with no rule" => r#"A procedure needs the consent of a body, and does not say by which rule the body
gives it. A body consents by a vote; without a rule the consent can never be
obtained, so the procedure can never complete.

Example:
    procedure breach { consent of Parliament  decision of Council by four_fifths }

Fix: name the rule: `consent of Parliament by component_majority` (TFEU 354: two
thirds of the votes cast, representing a majority of the component members). The
consent of the member concerned (`consent of the member concerned`) needs none."#;

E0116 Error "undefined procedure" => r#"A procedure `requires` another procedure that the treaty does not declare.

Example:
    procedure suspension { requires determination_of_breach  decision of Council by qmv }

Fix: declare the procedure it requires (`procedure determination_of_breach { ... }`),
or correct the name."#;

E0117 Error "procedure requires itself" => r#"A procedure requires another that (directly or through others) requires it: none
of them can ever start.

Example:
    procedure a { requires b  decision of Council by qmv }
    procedure b { requires a  decision of Council by qmv }

Fix: remove one of the `requires` steps."#;

E0118 Error "procedure and power disagree" => r#"A procedure's decision step has a body decide by one rule, and the same body's
power over the same decision names another.

Why it matters: one decision with two rules: the vote the procedure counts and
the vote `eval vote` counts would differ.

Example:
    body Council { decides accession by qmv }
    procedure accession { decision of Council by unanimity }

Fix: write the same rule in both places, or give the procedure's act another name
(`procedure NAME for ACT`)."#;

E0119 Error "seats do not add up" => r#"A body's seats clauses contradict each other: its permanent and elected seats do
not add up to its number of seats, it has more seats held by members than the
treaty has members, a body of one seat per member (or of persons, or of
delegations) has permanent or elected seats besides, or a term of office has no
length.

Example:
    body SecurityCouncil {
      seats: 15
      permanent seats: CHN, FRA, RUS, GBR, USA
      elected seats: 9 by GeneralAssembly for two years
    }

Fix: make the permanent and the elected seats add up (here: `elected seats: 10`).
Seats held by persons, not by member states, say how they are filled:
`seats: 720 elected directly`."#;

E0120 Error "bad seat table" => r#"A body's seats are a table of delegations (`seats: DEU 96, FRA 81`), and the table
gives one member two delegations, or a delegation of no seats.

Example:
    body Parliament { seats: DEU 96, FRA 81, DEU 90 elected directly }

Fix: give each member one number of seats; leave out a member with no seat."#;

W0121 Warning "member with no seat" => r#"A body's seats are a table of delegations, and some members of the treaty have no
delegation in it: they have no vote in that body.

Example:
    parties { DEU "Germany"  FRA "France"  LUX "Luxembourg" }
    body Parliament { seats: DEU 96, FRA 81 elected directly }

Fix: give every member its seats (`LUX 6`). The European Parliament's smallest
delegation has six seats (TEU Art. 14(2))."#;

E0122 Error "rule asks of seats what only members have" => r#"A body whose votes are cast by persons (`seats: 720 elected directly`) or by
delegations of seats (`seats: DEU 96, ...`) decides by a rule that weighs votes by a
fact of member states (population), counts a blocking minority of member states,
or (for persons) gives member states a veto. A person's vote carries no state's
population, and a split delegation cannot be weighed as one state.

Example:
    rule qmv = members >= 55% and population >= 65%
    body Parliament { seats: 720 elected directly  decides budget by qmv }

Fix: count the body's seats (`members >= 2/3 of votes cast and absolute majority`,
TFEU Art. 354), or give the decision to a body of one seat per member."#;

E0123 Error "fact set by a decision not taken" => r#"A fact is `set by BODY.DECISION`, and that body has no power over that decision:
nothing in the treaty can ever set the value.

Example:
    facts community { defence_target: percent set by Council.defence_target }
    body Council { decides budget by qmv }

Fix: give the body the power (`decides defence_target by qmv`), or name the body
and decision that set the value."#;

E0124 Error "undefined decision" => r#"A time limit, a membership clause, an event or a scenario names a body's decision
(`Council.accession`) that the body does not take: it has no `decides accession`
power. `check` reads scenarios too, so a misspelt `vote Assembly.budjet` is found
without running `test`. A time limit counted from a fact (`within 30 days of
situation.armed_attack`) is this error too: a period runs from an event (`entry
into force`, `notice`, `accession` or a body's decision), and a fact is none.

Why it matters: a deadline counted from a decision nobody can take never starts;
an accession by a decision nobody can take never happens.

Example:
    accession by NorthAtlanticCouncil.invitation on deposit   // the Council decides `accession`

Fix: name a decision the body takes (the message suggests the closest), or give
the body the power (`decides invitation by RULE`)."#;

E0125 Error "act named like a fact of the treaty" => r#"A duty is stated as a one-word act that has the name of a fact the treaty
declares, where the word cannot mean the fact. In a provision on members, such a
word is the fact: `every member must not nuclear` is breached by a member whose
`nuclear` is true. Anywhere else it would be an act no figure can breach, which is
never what the drafter means:

- an amendment is read before the treaty it amends, so a fact of members the
  amended treaty declares is not known to be one there;
- a body or the organisation has no facts of members (`Council must not nuclear`);
- a fact of another block, such as the situation, is no one's act
  (`every member must not armed_attack` with `facts situation { armed_attack: bool }`).

Example:
    replace article 7 { every member must not committed_aggression }

Fix: say the fact as a comparison, on the subject that has it
(`every member must not committed_aggression = true`), make a fact of the
situation the duty's condition (`every member must assist attacked_member when
situation.armed_attack`), or give the act a name no fact has."#;

E0126 Error "fallbacks in a circle" => r#"Voting rules name each other as fallbacks (`failing which RULE`) round in a
circle: a vote that fails one would be put to the first again, forever.

Example:
    rule first = consensus failing which second
    rule second = members >= 3/4 of votes cast failing which first

Fix: end the chain: the last rule decides, and a vote that fails it fails."#;

E0127 Error "rule for other proposers without a proposer" => r#"A power says `otherwise by RULE` (the rule when the decision is not taken on a
proposal from the named bodies) but names no proposer: there is nothing for
"otherwise" to differ from.

Example:
    decides ordinary by qualified_majority otherwise by reinforced_qualified_majority

Fix: name the proposer the first rule is for: `decides ordinary by
qualified_majority on proposal from Commission otherwise by
reinforced_qualified_majority` (TFEU 238(2))."#;

W0128 Warning "step condition that decides nothing" => r#"A procedure's step is needed only `when` a condition holds, and the condition
holds whatever the facts (the step is always needed: the `when` says nothing)
or never holds (the step is never needed: it is dead text).

Example:
    consultation of CentralBank when situation.monetary_change or not situation.monetary_change

Fix: state the fact the step depends on (TEU 48(3): "The European Central Bank
shall also be consulted in the case of institutional changes in the monetary
area" is `consultation of CentralBank when situation.institutional_change_in_monetary_area`),
or drop the condition or the step."#;

W0129 Warning "condition word read into an act" => r#"A provision's act is a phrase that runs to the end of its line, or to the word
that ends it: `when`, `unless`, `within`, `until` or `notwithstanding`. A
misspelling of one of these (`whenn`, `unles`) is no keyword, so it and every
word after it become part of the act: the duty applies whatever the facts, and the
condition the drafter wrote is never read.

Example:
    every member must assist attacked_member whenn attacked

Fix: spell the keyword (`when attacked`). If the word really belongs to the act,
name the act with other words."#;

E0140 Error "contested question with no rule to go to" => r#"A power says `classified by RULE`: when a member contests that a question belongs
to the decision, a vote by RULE settles it, and a question it refuses is one of
the body's other questions. The body has no rule for other questions, so a
refused question could not be decided at all. A sanction decides one measure
and has no class of questions: `classified by` means nothing there.

Example:
    body SecurityCouncil {
      decides procedural by procedural_vote classified by substantive_vote
    }

Fix: give the body its rule for all other matters (UN Charter Art. 27(3)):
`decides other questions by substantive_vote`."#;

E0141 Error "amendment that is not there" => r#"A scenario or a history names an amendment the treaty does not declare, or an
amendment says it covers something other than an article or a provision: only
their duties can bind a member from the day the amendment binds it.

Example:
    on 1 June 2014 expect DEU bound by kampla

Fix: name an amendment declared with `amendment NAME { in force for accepting
members ... }`, and cover the articles it brings: `covers article 8bis`."#;

E0201 Error "incomparable types" => r#"A comparison sets side by side values of different kinds: money with a count, a
share with money, a score with a share, true/false with a number. Both operand
types are shown.

Example:
    every member must defence_spending >= 2%

Fix: compare like with like. A share of money is written with `of`:
`defence_spending >= 2% of gdp`."#;

E0202 Error "not a condition" => r#"A condition (a criterion, a `when`/`unless`, a constraint, an operand of `and`,
`or`, `not`) is a number, not true or false.

Example:
    criterion big: population

Fix: compare it: `population >= 10 million`."#;

E0203 Error "incompatible arithmetic" => r#"An arithmetic operator combines values that cannot be combined: a share added to
true/false, money added to a count, `of` with something other than a share on its
left.

Example:
    criterion c: 2% + free

Fix: combine quantities of the same kind, or scale one by a share (`2% of gdp`)."#;

E0204 Error "arithmetic overflow" => r#"A constant expression overflows exact arithmetic.

Why it matters: treatyc never rounds a threshold; it refuses a number it cannot
represent exactly.

Fix: use smaller numbers or a scale word (`6 billion USD`)."#;

E0205 Error "weight is not a quantity" => r#"A voting rule weighs votes by a fact that is not a count or an amount of money.

Example:
    facts member { free: bool }
    rule r = free >= 65%

Fix: weigh votes by a count or money fact such as `population`."#;

E0301 Error "deontic conflict" => r#"One provision requires (or permits) an act that another forbids, for members both
apply to, under conditions that can hold together. The diagnostic names a member
profile under which both apply.

Why it matters: a member in that position breaches the treaty whatever it does;
this is exactly the contradiction a drafting commission must remove before signature.

Example:
    every member must assist attacked_member when situation.armed_attack
    every member with neutral must not assist attacked_member

Fix: write the exception into one of them (`unless neutral`), or narrow a subject
(`every member with not neutral`). A correctly drafted exception is not a conflict.

Decided exactly for boolean combinations of linear comparisons of facts with
constants. Approximations: counts are treated as rationals, and products or
quotients of two facts are opaque, both erring toward reporting; when the normal
form exceeds 512 disjuncts or 4,000 constraints, nothing is reported (erring toward
silence)."#;

E0302 Error "constraints that cannot both hold" => r#"Two provisions constrain the same facts of the same members so that no values
satisfy both, under conditions that can hold together.

Example:
    every member must defence_spending >= 2% of gdp
    every member with neutral must defence_spending <= 1% of gdp

Fix: align the thresholds, or make one an exception to the other (`unless neutral`).
The same decision procedure and approximations as E0301 apply."#;

E0303 Error "competence conflict between bodies" => r#"Two bodies both decide the same kind of decision, and neither co-decision nor a
precedence says how their decisions relate.

Why it matters: when they decide differently, the treaty gives no answer.

Example:
    body Council { decides admission by unanimity }
    body Ministers { decides admission by qmv }

Fix: give the decision to one body; make it a co-decision (`jointly with Council`);
or say which prevails (`prevailing over Council`); or have one propose to the other
(`proposes admission to Council`)."#;

E0304 Error "one body, one decision, two rules" => r#"A body decides the same kind of decision twice, under two powers.

Fix: keep one power, or name the two kinds of decision apart."#;

W0305 Warning "analysis cut short" => r#"The conflict or stage analysis could not decide a question within its limits:
the conditions of two provisions (or a stage's entry condition) expand into more
than 512 cases, or elimination needs more than 4,000 constraints in one step or
200,000 in all.

Why it matters: the analysis is exact within its limits; past them treatyc does
not guess. A conflict may be there; this warning says that it was not looked for,
never that there is none.

Example:
    every member must a >= 1 when (p1 or q1) and (p2 or q2) and ... and (p10 or q10)

Fix: split long conditions into separate provisions, or name parts of them as
derived facts (`facts member { eligible = ... }`)."#;

W0306 Warning "derogation addresses nothing" => r#"A provision prevails over an article, a labelled provision or the whole treaty
(`notwithstanding article 2(4)`), but nothing it names binds the same subject to the
same act or the same facts: there is no conflict for the derogation to settle.

Why it matters: a derogation that addresses nothing usually names the wrong
article, so the conflict it was written to settle is still there (or the
provision it departs from was moved or renumbered).

Example:
    article 2 { every member must not use_force }
    article 51 { every member may use_force when situation.armed_attack notwithstanding article 3 }

Fix: name the article or provision this one departs from (`notwithstanding
article 2`), or remove the derogation."#;

E0307 Error "precedence cycle" => r#"Provisions each prevail over another, round in a circle: A is written
`notwithstanding` B's article and B `notwithstanding` A's (or a longer round). Where
they conflict, no provision can be said to prevail.

Why it matters: lex specialis needs an order; a cycle leaves the conflict
undecided, and treatyc does not pick a winner.

Example:
    article 2 { every member must not use_force notwithstanding article 51 }
    article 51 { every member may use_force notwithstanding article 2 }

Fix: say which one prevails: keep `notwithstanding` on one of them only."#;

E0308 Error "exclusive competence broken" => r#"A body decides something `exclusively`, and another body decides it too, in the
treaty or in a stage, without a co-decision written on both sides. A `prevailing
over` does not settle it: an exclusive competence admits no second decider.

Why it matters: the treaty says only one organ decides; a stage that gives the
decision to a Parliament without making it a co-decision changes the balance of
the institutions without saying so.

Example:
    body Council { decides defence_target by qmv exclusively }
    stage union after community { add body Parliament { decides defence_target by simple majority } }

Fix: remove the second power, or make it a co-decision on both sides (`jointly
with Parliament` in the Council's power and `jointly with Council` in the
Parliament's)."#;

W0309 Warning "invariant void" => r#"A membership criterion is `kept by members` (every member keeps meeting it, and
the conflict analysis relies on it), and a sanction is for members that fail it
(`on failure of criterion NAME` or `on failure of membership criteria`). The
treaty contemplates members that do not keep it, so the analysis does not rely on
it.

Example:
    criterion democracy kept by members: status = free
    sanction suspension on failure of criterion democracy: Council may suspend member by qmv

Fix: if every member always meets it, the sanction is idle: remove it; if members
may fail it, remove `kept by members`."#;

E0401 Error "voting rule can never be met" => r#"A voting rule demands what no vote can give: more than 100% of the members, more
votes in favour than the body has members, or two thresholds that contradict each
other.

Why it matters: the body can never take the decisions governed by the rule.

Example:
    body Court { seats: 15  decides judgments by r }
    rule r = members >= 16

Fix: lower the threshold, or correct the clause that contradicts it."#;

E0402 Error "quorum can never be met" => r#"A quorum asks for more members present than the body has.

Fix: lower the quorum to at most the number of members."#;

W0403 Warning "degenerate blocking minority" => r#"A blocking-minority floor can never matter: the rule has no weighted criterion to
block (and the floor is low enough that the members criterion holds whenever it
deems the majority attained), or the floor is 1 or less. A floor that overrides
the rule's majorities is W0406.

Why it matters: the EU's floor of four members stops three large states from
blocking on population alone; a floor that cannot work gives no such protection,
or silently removes the population test.

Fix: set the floor between 2 and the number of members, next to a weighted
criterion such as `population >= 65%`."#;

W0404 Warning "unwritten veto" => r#"With `--facts`, a qualified-majority rule under which a single member can defeat
every decision on its own, although the rule writes no veto for it. The member and
its share are named.

Why it matters: the text says qualified majority; the arithmetic says veto.

Example:
    rule qmv = members >= 55% and population >= 65%     // one member holds 41%

Fix: lower the weighted share below what the others hold together, add a
blocking-minority floor (`blocking minority >= 4 members`), cap weights, or write
the veto explicitly (`veto by AAA`)."#;

W0405 Warning "rule never met under the facts" => r#"With `--facts`, a voting rule that not even a unanimous vote meets: a weighted
threshold above what all the members weigh together (`population >= 500` when the
members hold 450), or a share of a weight every member has zero of.

Why it matters: the body can never take the decisions governed by the rule under
the real figures, whatever the text intends. (A rule that no vote can meet in any
body is E0401.)

Example:
    rule r = members >= 50% and contribution >= 1000    // the members give 640 together

Fix: lower the threshold to what the members hold together, make it a share
(`contribution >= 65%`), or check the figures in the facts file."#;

W0406 Warning "blocking-minority floor overrides the majority" => r#"A rule's blocking-minority floor is higher than the members who can be not in
favour while the members criterion holds. Fewer members not in favour than the
floor cannot block, and "the qualified majority shall be deemed attained" (TEU
Art. 16(4), TFEU Art. 238(3)(a)). So the weighted criterion (population, say)
never decides a vote; a higher floor deems the majority attained with fewer members
in favour than the members criterion asks; a floor above the body's size deems
every vote, even one with no member in favour, to attain it.

Why it matters: the weighted criterion looks like a safeguard and is not one, and
the members criterion is lowered without a word.

Example:
    rule qmv = members >= 55% and population >= 65% and blocking minority >= 5 members
    body Council { seats: 10 }   // 6 in favour leave 4 against: fewer than 5

Fix: lower the floor to at most the members who may be against while the members
criterion holds (4 in the example; the EU's is 4 of 27)."#;

W0407 Warning "fallback never decides" => r#"A rule's fallback (`failing which RULE`) can never carry a vote: it is
unanimity, and any vote that is unanimous meets the first rule too; or it applies
only after a period longer than the time limit of the procedure step that takes the
vote, so the step has ended (deemed taken, or lapsed) before the fallback is
reached.

Why it matters: the text promises a way out of a deadlock that does not exist.

Example:
    rule adoption = simple majority failing which unanimity

Fix: make the fallback easier to meet than the rule it follows (UNFCCC Art.
15(3): consensus first, then three-fourths of the Parties present and voting), or
shorten its period to fit within the step's time limit."#;

E0501 Error "self-blocking sanction" => r#"A sanction is decided by unanimity, consensus or a rule with vetoes, and the member
concerned still votes: it can block its own sanction.

Why it matters: a sanction its target can veto is unenforceable.

Example:
    sanction s on breach of article 7: Council may suspend voting_rights by unanimity

Fix: add `excluding concerned`, so that the member concerned does not vote (as TEU
Art. 7 and Art. 354 TFEU do)."#;

W0502 Warning "suspension can paralyse a body" => r#"Suspending members' voting rights can leave a body of one seat per member unable
to reach a fixed count of votes in favour, or a quorum counted in members, because
a minority of the members, once suspended, leaves fewer than that count able to
vote. The message says how many suspensions it takes.

Why it matters: the sanction meant to enforce the treaty would stop the body from
deciding anything, the suspension's own end included.

Example:
    body Council { seats: one per member  decides budget by quorate }
    rule quorate = simple majority and quorum >= 9 members   // 10 members: 2 suspensions
    sanction suspension on breach of article 7: Council may suspend voting_rights by qmv

Fix: state the threshold or quorum as a share of the members entitled to vote
(`members >= 55% of participants`, `quorum >= 2/3 of participants`) rather than a
fixed count."#;

W0503 Warning "obligation without sanction" => r#"A member obligation is enforced by no sanction: no sanction is triggered by a
breach of its article or of its label.

Why it matters: the founding document asks that members who fail their obligations
can be suspended or expelled; an unenforced obligation is a declaration.

Fix: attach a sanction: `sanction NAME on breach of article N: BODY may MEASURE by
RULE excluding concerned`. Some treaties deliberately have none (the North Atlantic
Treaty); the warning then documents that choice."#;

E0504 Error "sanction on no obligation" => r#"A sanction is triggered by the breach of an article that holds no obligation, or of
a provision that only permits.

Why it matters: the sanction can never be triggered.

Fix: point it at the article or labelled provision that states the obligation."#;


E0701 Error "body never constituted" => r#"A body's members are appointed or elected only by bodies that are themselves, in
the end, appointed or elected by it: the chain never reaches the member states,
an outside body or the treaty itself.

Why it matters: on the day the treaty enters into force, nobody can appoint the
first members; the body never exists.

Example:
    body Commission { seats: 10 appointed by Council }
    body Council { seats: 5 appointed by Commission }

Fix: ground the chain: have the member states appoint one of the bodies
(`seats: one per member`, `appointed by members`) or elect it directly."#;

E0702 Error "authority cycle" => r#"Oversight goes round in a circle: A oversees B, and B (directly or through others)
oversees A.

Why it matters: no body has the last word; each can overrule the one that
controls it.

Fix: remove one `oversees`, or make it `reports to` (accountability without control)."#;

W0703 Warning "isolated body" => r#"A body has no seats from anyone, no powers and no relationship with any other body.

Why it matters: it is either unfinished drafting or a body the treaty does not need.

Fix: say who sits in it, what it decides, or how it relates to the other bodies."#;

E0704 Error "proposal from a body without seats" => r#"A decision is taken on a proposal from a body (or a body proposes to another) that
has no seats and no head: nobody is there to make the proposal.

Example:
    body Secretariat { reports to Council }
    body Council { seats: one per member  decides budget by qmv on proposal from Secretariat }

Fix: give the proposing body seats (`seats: 27`) or a head (`headed by Commission`)."#;

E0601 Error "malformed facts file" => r#"The facts file is not a table treatyc can read: no header, a first column that is
not `id`, a row with the wrong number of fields, an empty or repeated member id.

The format: a header row; first column `id`; an optional `name` column; then one
column per member fact the treaty declares.

Example:
    id,name,population
    DEU,Germany,83386901

Fix: as the message says; the span points at the offending row or cell."#;

E0602 Error "malformed fact value" => r#"A value in the facts file does not fit the attribute the treaty declares: not a
number, not `true`/`false`, not one of an enumeration's values, outside a score's
range, or missing.

Why it matters: treatyc never guesses a value; an evaluation on a wrong figure
would be a wrong answer printed as if valid.

Fix: correct the cell (the message names the member and the attribute)."#;

E0603 Error "unknown fact attribute" => r#"The facts file has a column the treaty's `facts member` block does not declare.

Fix: correct the column name, declare the attribute in the treaty, or remove the column."#;

E0604 Error "missing fact attribute" => r#"A voting rule weighs votes by an attribute (such as `population`) for which the
facts file has no column.

Fix: add the column to the facts file."#;

E0605 Error "party without facts" => r#"The treaty lists its parties, and the facts file has no row for one of them.

Why it matters: every total, share and veto computed over the members would be
computed over the wrong membership: with India's row missing, the founders'
population shares make the United States look like the largest member.

Example:
    parties { USA  IND  DEU }
    // facts: id,population / USA,... / DEU,...

Fix: add a row for every party (the message names them)."#;

W0606 Warning "facts row not counted" => r#"The facts file has a row for a state that is not a party to the treaty. It is not
counted in any total, share or veto (a candidate's row is read only by `eval
eligible`).

Why it matters: a row for the EU or a candidate would otherwise change every
member's share of the total.

Example:
    parties { DEU  FRA }
    // facts: id,population / DEU,... / FRA,... / EU,...

Fix: nothing, if the row is a candidate's; otherwise remove it or add the state to
`parties`."#;
E0801 Error "amendment addresses nothing" => r#"An amendment replaces or repeals a provision the treaty does not contain,
inserts one it already contains, or inserts one `after` a provision that is not
there.

Example:
    repeal article 17        // the treaty has no article 17
    insert article 13 "Cyber defence" { ... } after article 14

Fix: address an existing provision by its number or kind and name (`article 7`,
`body Council`, `rule qmv`), or use `replace` for one that exists."#;

E0802 Error "entrenched provision touched" => r#"An amendment, or a stage of the treaty, changes a provision in an article declared
`entrenched`: it may not be amended at all. A stage is bound as an amendment is:
it changes the treaty when its entry condition holds, and the entrenchment allows
no change by any road.

Why it matters: entrenchment protects the core of the treaty (collective defence,
say) from being undone by the ordinary procedure.

Fix: leave the article unchanged."#;

E0803 Error "amendment of another treaty" => r#"The amendment names (`amends NAME`) a different treaty from the one it is linted
or applied against.

Fix: use the treaty the amendment names, or correct `amends`."#;

E0804 Error "provision changed twice" => r#"One amendment changes the same provision twice (replaces and repeals it, or
replaces it twice), or changes a provision inside an article it also replaces or
repeals. The result would depend on the order of the changes, and no
consolidated text could say both.

Example:
    replace fund peacebuilding "Peacebuilding Fund" { share: 15% of budget ... }
    repeal article 9         // the article that holds the fund

Fix: make one change per provision."#;

W0805 Warning "entrenched provision needs a stricter rule" => r#"An amendment, or a stage of the treaty, changes a provision in an article declared
`entrenched amendable by RULE`: the change must be adopted by that stricter rule,
not the ordinary procedure. A stage enters when its entry condition holds, which
is not that rule.

Fix: table the amendment for adoption by the rule named; for a stage, make its
entry require the decision taken by that rule, or leave the article unchanged."#;

W0806 Warning "amendment checked without its treaty" => r#"`treatyc check` was given an amendment but not the treaty it amends, and no file
beside the amendment holds that treaty. Only the amendment's wording was checked:
whether the articles it changes exist, whether it rewrites an entrenched provision,
and what the treaty becomes were not.

Why it matters: "no problems" for an amendment read alone would say nothing about
the changes it makes.

Example:
    treatyc check amendments/qmv-60.treaty

Fix: name the treaty as well (`treatyc check wsc.treaty amendments/qmv-60.treaty`),
or keep the amendment in the folder of the treaty it amends."#;

E0901 Error "an amendment where a treaty is needed" => r#"A command that compiles a treaty's rules (`eval`, `power`, `stages`, `emit`, `test`,
`graph`) was given an amendment. An amendment only changes a treaty: it has no
bodies or rules of its own to evaluate or draw.

Example:
    treatyc eval amendments/qmv-60.treaty vote Council policy --yes AAA

Fix: give the treaty the amendment changes; to evaluate the treaty as amended,
consolidate it first (`treatyc amend TREATY AMENDMENT -o amended.treaty`) and give
that file."#;

E0902 Error "unknown name in a question" => r#"A question to `eval` or `power` names a body, a decision, a member or a party the
treaty does not have: `--body`, `--decision`, a member in `--yes`, `--no`,
`--abstain`, `--participants`, `--concerned`, `--suspended`, a state in
`--ratified`, or a body in `--proposed-by`, `--adopted-by`, `--authorised`.

Why it matters: an answer about a member that does not sit in the body, or a
decision the body does not take, would be an answer to another question.

Example:
    treatyc eval treaties/eu-council.treaty vote --body Council --decision policy --yes DEU,FRX

Fix: use the names the treaty declares; the message lists them."#;

E0903 Error "inconsistent ballot" => r#"The ballot of `eval vote` contradicts itself or the power it is cast under: a member
listed twice, a member concerned or suspended who votes, a member who is not among
the `--participants` voting, `--concerned` for a power that lets the member
concerned vote, or no `--concerned` for a power decided `excluding concerned`.

Why it matters: treatyc does not pick one reading of a contradictory ballot; the
result would depend on which list it read first.

Example:
    treatyc eval treaties/eu-council.treaty vote --body Council --decision sanction --yes FRA --no FRA

Fix: list each member once; name the member concerned with `--concerned ID` where
the power excludes it, and not otherwise."#;

E0904 Error "membership unknown" => r#"The question needs the members of a body, and they cannot be known: the treaty lists
no `parties` and no facts file is given, a body of a fixed number of seats does not
match the members known, or a ratification is counted with no parties listed.

Why it matters: a vote's thresholds are shares of the members; without them no
threshold can be computed.

Example:
    treatyc eval draft.treaty vote --body Council --decision policy --yes A,B

Fix: list the members in `parties { ... }`, or give a facts file with a row for
each (`--facts members.csv`)."#;

E0905 Error "facts missing or unusable for a question" => r#"The question needs a member fact that the facts file does not give (the weight a
rule counts, a candidate's row), a weight is negative, or a sum of the figures
leaves the range treatyc computes exactly in.

Why it matters: a missing figure is never read as 0: a vote weighed by population
with one population missing would pass or fail on a number nobody gave.

Example:
    treatyc eval treaties/eu-council.treaty --facts partial.csv vote --body Council --decision policy --yes DEU

Fix: give the fact for every member (`treatyc check TREATY --facts FILE` lists what
is missing), or give the figures in a coarser unit."#;

E0906 Error "voting power cannot be computed" => r#"`treatyc power` cannot count the game of this rule exactly: the rule weighs votes by
two different facts, bounds a weight from above, compares a count with `=` or `!=`,
or the tables it needs would exceed the memory budget (1 GiB) or 2^96 in total
weight. The message says which, and for the budget names the coarser unit of the
weight that fits.

Why it matters: treatyc gives exact indices or none unless asked: it rounds
nothing, and samples only with `--estimate`, whose figures are labelled as
estimates with their error.

Example:
    treatyc power treaties/un-general-assembly.treaty --facts un_population_exact.csv --body Assembly --decision resolution

Fix: give the weight in coarser units (thousands, millions), ask about a rule
with one weighted lower bound, or, where only the size is at fault, ask for a
Monte-Carlo estimate of the Banzhaf and Shapley-Shubik indices (`--estimate 1000000`)."#;

E0907 Error "no rule in force on the day" => r#"A vote is asked for a day (`--on`, a scenario's `on DATE vote ...`) on which the
decision's voting rule is not in force (`as from` a later day, or `until` an
earlier one) and no transitional rule (`before then RULE`) applies instead.

Why it matters: counting the vote by a rule not yet in force would answer for a
treaty that did not exist that day.

Example:
    rule qmv = members >= 55% as from 1 November 2014
    treatyc eval draft.treaty --on 2010-01-01 vote --body Council --decision ordinary --yes A,B

Fix: ask for a day on which the rule applies, or write the rule that applied before
it (`as from 1 November 2014 before then weighted_qmv`)."#;

E0908 Error "file cannot be read" => r#"A file named on the command line does not exist, is a directory or a socket,
cannot be read, or is larger than the input limit (64 MiB unless
`TREATYC_MAX_INPUT_BYTES` says otherwise): a regular file is measured first, a
pipe or a device is read up to the limit and refused at the next byte.

Why it matters: the other files are still checked, but a report that left one out
without a word would read as if all were sound.

Example:
    treatyc check wsc.treaty wsc-amendmnet.treaty

Fix: correct the path; a directory is not read, name the files in it."#;

E0909 Error "output cannot be written" => r#"An output file (`-o` of `emit`, `graph`, `amend`, `man`) cannot be written: it
is one of the command's own inputs, a read-only file, a file with more than one
hard link, a FIFO no one reads, a directory, or the folder cannot take a new file.

Why it matters: writing over a source would destroy the text the output was made
from; replacing a read-only file or a hard-linked one would break what its owner
set up (the permission, the other names of the file), and a FIFO no one reads
would keep the command waiting for ever. Nothing is written, and the target is
left as it was.

Example:
    treatyc amend wsc.treaty defence.treaty -o wsc.treaty

Fix: name another output file, or write to standard output (`-o -`) and redirect
it; to replace a read-only file, make it writable first (`chmod u+w FILE`)."#;

E0910 Error "command cannot run as asked" => r#"The command was asked for something that does not exist or cannot be done: a
stage the treaty does not have, a code `explain` does not know, a file of the wrong
kind in a place (an amendment where the amendment's treaty is expected), a drawing
larger than the SVG layout takes.

Why it matters: answering another question than the one asked (the treaty as
written instead of the stage named) would look like an answer to it.

Example:
    treatyc graph wsc.treaty --stage unoin

Fix: follow the help line: it names the stages, codes or formats that exist."#;

E0920 Error "the canonical layout would change the treaty" => r#"`treatyc fmt` lays a file out, parses the result again and compares the two syntax
trees; they differ, so the file is left as it is. A line-sensitive clause is the
usual cause: an action runs to the end of its line, and a constraint needs its
comparison on its first line, so two provisions written on one line can read
differently once each stands on its own.

Why it matters: a formatter that changed what a treaty says, even once, could not
be trusted on any treaty; refusing leaves the text exactly as the drafter wrote it.

Example:
    every member must report every member must defence_spending >= 2% of gdp

Fix: put each provision on a line of its own, as the canonical layout would, and
read what the checker says of it; then format again."#;

E1001 Error "impossible date" => r#"A date names a day the calendar does not have (`31 February 2027`, `31 April
2020`), a month the language does not know, or a year outside 1 to 9999.

Why it matters: a date that does not exist cannot be counted from; rounding it to
the nearest real day would move a deadline without anyone writing it.

Example:
    rule qmv = members >= 55% and population >= 65% as from 31 February 2014

Fix: write the day that is meant, with the month in full (`1 November 2014`); in
a history file or on the command line, `2014-11-01`."#;

E1002 Error "length of time out of range" => r#"A length of time is zero (`0 years`) or longer than a thousand years.

Why it matters: a deadline of no time cannot be met, and a delay of ten thousand
years is a slip of the keyboard, not a treaty's time limit; either would make every
date counted from it meaningless.

Example:
    every member must report within 0 days of Council.request

Fix: write the length the text gives (`within two years of notice`); for a duty
due at once, write `immediately`."#;

E1003 Error "period ends before it starts" => r#"A rule or provision applies `as from` a date and `until` an earlier one, or a
transitional rule (`before then RULE`) is given for a rule that has no `as from`
date to be before.

Why it matters: a rule in force over an empty period never applies, so every
decision that names it has no rule; TFEU Article 238's transition only works
because the old rule ends the day before the new one starts.

Example:
    rule qmv = members >= 55% and population >= 65% as from 1 November 2014 until 31 October 2014

Fix: correct the dates (the witness shows both), or drop the `until`."#;

E1004 Error "malformed history" => r#"A history file (`eval --history`, a scenario's `history "..."`) cannot be read: a
column is missing or unknown, a date is not a date, an event kind is not one the
language knows, or a row lacks what its kind needs (a `notice` without a state,
an `extension` without `until`, a `fact` without a value).

Why it matters: an event read wrong moves membership, deadlines and votes; a row
that cannot be read is an error at its file, row and column, never skipped.

Example (history.csv):
    date,event,state,act,detail
    2017-03-29,notice,GBR,,
    2019-04-31,extension,GBR,EuropeanCouncil.extension_of_withdrawal_period,2019-10-31

Fix: read the message at the row and column shown; `docs/language.md` (History of
events) lists the columns and each kind's fields."#;

E1005 Error "events out of order" => r#"An event cannot happen when the history says it did: a withdrawal before its
notice, a notice before withdrawal is open (NATO Art. 13: twenty years in force),
an extension after the withdrawal took effect or ending before the period it
extends, an accession of a state that is a member, a notice, suspension or
expulsion of a state that is not one, or any event before the entry into force.

Why it matters: membership on a date is computed from the events; an impossible
sequence would give members who have left, or a vote counted among states that
are not parties.

Example:
    event 1 March 2017 withdrawal GBR
    event 29 March 2017 notice GBR

Fix: correct the dates or the order; the message names the event it conflicts
with."#;

E1006 Error "event names an unknown state or act" => r#"An event names a state that is neither a party nor one of the treaty's `other
states`, a procedure or decision the treaty does not have, an obligation label
that does not exist, or an event the treaty gives no way to happen (a withdrawal in
a treaty without a `withdrawal` clause, an expulsion without an `expulsion`
clause).

Why it matters: an event about an unknown state would silently change nobody's
membership; a suspension the treaty does not provide for is not a legal event.

Example:
    event 1 May 2004 accession XYZ

Fix: list candidates and former parties in `other states { ... }`, write the
membership clause the event needs, or correct the name (the message suggests the
closest)."#;

E1007 Error "deadline shorter than its procedure" => r#"An obligation must complete a procedure within a time limit shorter than the
procedure's own periods (a consultation `for six months` inside a `within three
months` deadline): no member can ever meet it.

Why it matters: a duty that cannot be performed in time is breached by everyone,
and any sanction for it can be applied at will.

Example:
    procedure passerelle { consultation of NationalParliaments for six months  decision of EuropeanCouncil by unanimity }
    the organisation must passerelle within three months of Council.request

Fix: lengthen the deadline, or shorten the period the procedure waits; the witness
gives an event date, the deadline and the earliest completion."#;

E1008 Error "obligation binds after withdrawal" => r#"An obligation counted from a member's notice of withdrawal falls due after the
withdrawal has taken effect, when the state is no longer bound by the treaty.

Why it matters: the obligation can never be enforced, and a drafter who meant it
to bind the leaving state (a financial settlement, say) must say so elsewhere.

Example:
    withdrawal { takes effect one year after notice }
    every member must settle contributions within two years of notice

Fix: make the deadline shorter than the withdrawal's delay, or make the duty a
term of the withdrawal agreement; the witness gives a notice date, the date the
withdrawal takes effect and the deadline."#;

W1009 Warning "recurring duty with no period" => r#"An obligation is `regularly` performed, with no period: whether it is met on a
date cannot be measured.

Why it matters: the text is legal (TEU Art. 7(1): "The Council shall regularly
verify ..."), but `eval` can only report it as undecided; a period would make it
evaluable.

Example:
    Council must verify grounds_continue_to_apply regularly

Fix: where the treaty or practice gives a period, write it (`every year`);
otherwise keep `regularly` and accept the warning."#;

E1010 Error "period that can never end" => r#"A withdrawal never takes effect: it has no `takes effect` clause, or takes effect
only on a procedure that has no decision to complete it; or withdrawal is open
only after a time in force while the treaty has no `in force from` date.

Why it matters: a member that gives notice would be withdrawing forever; the
right to withdraw would exist on paper only.

Example:
    withdrawal { notice to Council }

Fix: say when the withdrawal takes effect (`takes effect one year after notice`),
with an agreement as an earlier end where the treaty gives one."#;

E1011 Error "time limit shorter than its minimum period" => r#"A procedure step must be taken within a time limit (`within three months`) that
runs out, even extended, before the step's own minimum period has run
(`consultation of NationalParliaments for six months`): the step can never be
taken in time.

Example:
    consultation of NationalParliaments for six months within three months

Fix: give the limit the text gives; a minimum period and a time limit on one step
must leave a window between them."#;
E1012 Error "entry into force that can never happen" => r#"A treaty waits for ratifications that no set of parties can make: more
ratifications than it has parties, a share of a fact that is not a quantity each
party has (a true/false fact, a derived one, one not declared), the permanent
members of a body that has none, or no parties at all.

Why it matters: the treaty would never enter into force; every scenario and
status on a date would report it not in force, whatever is ratified.

Example:
    parties { A  B  C }
    in force thirty days after ratification by 55 members

Fix: count no more ratifications than there are parties, weigh by a declared
member fact of type `count`, `money`, `ratio` or `percent`, and give it per party
in the facts file (Paris Agreement Art. 21(1): `55 members and 55% of emissions`)."#;
E1101 Error "apportionment cannot be made as asked" => r#"`treatyc apportion` was asked for an apportionment no count can give: no states,
no population, a minimum above the maximum, more states at the minimum than there
are seats, fewer seats at the maximum than the total, more than a million seats,
or previous populations (`--previous`) that list other states than the current
ones.

Why it matters: an apportionment that ignored a bound, or quietly dropped a state,
would print seats the rule does not give.

Example:
    treatyc apportion --facts states.csv --weight population --seats 10 --min 3 --method webster
    # four states of at least 3 seats each need more than 10 seats

Fix: read the bound the message names and change the total, the minimum or the
maximum, or give both population files the same states."#;
E1102 Error "seat table outside its condition's bounds" => r#"A body's seat table breaks the bounds its seat condition states: a member with
fewer seats than `at least`, more than `at most`, or a table whose seats add up to
more than `total at most` (or other than `total`).

Why it matters: the treaty's own limits on the seats (TEU 14(2): at least six, at
most ninety-six, no more than 750 plus the President) are broken by the table it
sets out; the table cannot be applied as written.

Example:
    body Parliament {
      seats: A 5, B 97
      seats degressively proportional to population, at least 6, at most 96
    }

Fix: change the seats in the table, or the bounds of the condition; the notes name
each member out of bounds."#;

E1103 Error "seat condition without a seat table" => r#"A body states a condition on its seats (`seats degressively proportional to
population ...`) but gives no seats per member: its seats are one per member, a
number, or missing.

Why it matters: a condition with nothing to hold is read as met, silently; the
drafter meant a table of delegations.

Example:
    body Parliament {
      seats: 720 elected directly
      seats degressively proportional to population, at least 6
    }

Fix: give the seats of each member (`seats: DEU 96, FRA 81, ...`), or leave the
condition out."#;

W1104 Warning "seat table not degressively proportional" => r#"On the populations given (`check --facts`), two members break degressive
proportionality: the more populous has fewer seats, or no more citizens a seat,
than the less populous. With `before rounding`, each delegation may stand anywhere
within half a seat of its number (European Council Decision (EU) 2023/2061, Art.
1), and a pair is reported only when no such numbers order it. Each pair is named
with its citizens a seat.

Why it matters: TEU Art. 14(2) requires representation in the European Parliament
to be degressively proportional; a table that is not breaks the treaty's condition
for the populations given. It is a warning because the finding depends on the
figures: the table may have been set on other (earlier) populations.

Example:
    body Parliament {
      seats: A 10, B 23
      seats degressively proportional to population before rounding
    }
    // with A 1,000 and B 2,000 people: 95 and 88 citizens a seat even at 10.5 and 22.5

Fix: move seats between the pair named, or check the populations given; the test
is made pair by pair (a table every pair passes may still admit no single set of
unrounded numbers for all members at once)."#;

E1105 Error "seat rule by a method treatyc does not know" => r#"A body's seats are apportioned by a method treatyc does not know
(`seats apportioned by jeferson of population`), or by terms its method does
not take: square roots by a method other than a divisor method, base seats for
a method other than the Cambridge Compromise, or the Compromise without them.

Why it matters: the seats each member holds are whatever the method gives; a
method read otherwise than written would give other seats.

Example:
    body Parliament {
      seats: 60 elected directly
      seats apportioned by hamilton of square root of population
    }

Fix: name a method (`jefferson` or `dhondt`, `webster` or `sainte_lague`,
`adams`, `huntington_hill` or `equal_proportions`, `dean`, `hamilton` or `hare`,
`cambridge_compromise`); round square roots by a divisor method
(`by webster of square root of population`); give the Compromise its base
(`, base 5`)."#;

E1106 Error "seat rule follows a fact that is not a count" => r#"A seat rule follows a member fact that is not declared, or is not a
count (`population: count`), or sizes the body by the cube root of another fact
than the one the seats follow.

Why it matters: seats are shared in proportion to a number of people; a share,
a score or a fact no member has gives no apportionment.

Example:
    facts member { population: count  gdp: money }
    body Parliament {
      seats apportioned by webster of gdp, total 100
    }

Fix: declare the fact as a count in `facts member { ... }`, and take the cube
root of the same fact (`total cube root of population`)."#;

E1107 Error "seat rule no apportionment can meet" => r#"A seat rule's bounds cannot all be met: no total of seats, a total of
none, a minimum (or the Compromise's base) above the maximum, more seats for the
parties at their minimum than the total, fewer at their maximum than the total;
or, on the facts given (`check --facts`), a count the rule cannot make.

Why it matters: the treaty promises every member seats it cannot have; whatever
seats are then given break the rule.

Example:
    parties { A  B  C }
    body Parliament {
      seats apportioned by webster of population, total 10, at least 4
    }
    // three parties of at least 4 seats need 12 seats

Fix: change the total, the minimum, the base or the maximum; the notes give the
numbers that clash."#;

E1108 Error "seat rule and seats that disagree" => r#"A body gives its seats by a rule and by its `seats:` clause besides: a
table of delegations or one seat per member as well as the rule, or a number of
seats other than the rule's total.

Why it matters: two clauses that give the seats differently leave the body's
composition undecided; treatyc never picks one.

Example:
    body Parliament {
      seats: 700 elected directly
      seats apportioned by webster of population, total 750
    }

Fix: keep one: the rule (with `seats: N elected directly` saying who holds the
seats, and the same total or none), or the table."#;

E1109 Error "staggered renewals that do not fill the seats" => r#"A term of office renews its seats in parts (`5 renewed every three years`),
but the parts do not add up to the seats: the term is not a whole number of
renewal periods, a share of the seats is not a whole number of seats, a renewal
fills no seat or more seats than there are, or the renewals in one term fill more
or fewer seats than the body has.

Why it matters: with staggered renewals every seat falls to be filled once a
term, in one of the renewals (ICJ Statute Art. 13(1): fifteen judges elected for
nine years, five every three years). Renewals that do not add up leave seats that
are never filled, or filled twice, so no history of elections can follow them.

Example:
    body Court {
      seats: 15 elected by GeneralAssembly for nine years, 4 renewed every three years
    }

Fix: make the seats renewed times the renewals in one term equal the seats:
`for nine years, 5 renewed every three years` (or `a third renewed every three
years`)."#;
}
