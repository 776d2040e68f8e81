//! Time in the treaty language: calendar dates (`1 November 2014`) and lengths of
//! time (a term of office, a delay, a deadline).
//!
//! Dates are civil (proleptic Gregorian) calendar days over `jiff::civil::Date`:
//! adding months and years is calendar arithmetic, exact and without floating
//! point, and a day that does not exist in the target month is the month's last
//! day (31 January plus one month is 28 or 29 February), as treaty practice
//! counts "one month after" a day that the next month lacks.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The unit a length of time is counted in. Calendar units stay calendar units
/// (a year is not 365 days): the arithmetic on dates decides what they span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    Days,
    Weeks,
    Months,
    Years,
}

impl TimeUnit {
    /// The unit's word for `amount` of it: `1 year`, `2 years`.
    pub fn word(self, amount: u32) -> &'static str {
        match (self, amount == 1) {
            (TimeUnit::Days, true) => "day",
            (TimeUnit::Days, false) => "days",
            (TimeUnit::Weeks, true) => "week",
            (TimeUnit::Weeks, false) => "weeks",
            (TimeUnit::Months, true) => "month",
            (TimeUnit::Months, false) => "months",
            (TimeUnit::Years, true) => "year",
            (TimeUnit::Years, false) => "years",
        }
    }

    /// The unit a word names (`year` or `years`).
    pub fn from_word(word: &str) -> Option<TimeUnit> {
        Some(match word.trim_end_matches('s') {
            "day" => TimeUnit::Days,
            "week" => TimeUnit::Weeks,
            "month" => TimeUnit::Months,
            "year" => TimeUnit::Years,
            _ => return None,
        })
    }
}

/// A length of time: `two years`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Length {
    pub amount: u32,
    pub unit: TimeUnit,
}

/// The longest length the language accepts: a thousand years. Longer is not a
/// time limit but a typing slip, and date arithmetic would leave the calendar.
pub const LONGEST_DAYS: u64 = 366_000;

impl Length {
    /// Roughly how many days the length spans, for bounds and comparisons of
    /// lengths in different units (a month counts 28 days and a year 365: the
    /// shortest they can be). Exact dates come from `Date::after`.
    pub fn shortest_days(self) -> u64 {
        let per = match self.unit {
            TimeUnit::Days => 1,
            TimeUnit::Weeks => 7,
            TimeUnit::Months => 28,
            TimeUnit::Years => 365,
        };
        u64::from(self.amount) * per
    }

    /// The most days the length can span (a month of 31 days, a year of 366).
    pub fn longest_days(self) -> u64 {
        let per = match self.unit {
            TimeUnit::Days => 1,
            TimeUnit::Weeks => 7,
            TimeUnit::Months => 31,
            TimeUnit::Years => 366,
        };
        u64::from(self.amount) * per
    }

    /// Why the length is not a time limit the language accepts, if it is not.
    pub fn problem(self) -> Option<&'static str> {
        if self.amount == 0 {
            Some("a length of no time")
        } else if self.longest_days() > LONGEST_DAYS {
            Some("a length of more than a thousand years")
        } else {
            None
        }
    }
}

impl std::fmt::Display for Length {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.amount, self.unit.word(self.amount))
    }
}

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(jiff::civil::Date);

/// The months as the language writes them.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// The earliest day there is.
    pub const MIN: Date = Date(jiff::civil::Date::MIN);

    /// The day `day` of month `month` (1-12) of `year`, if that day exists.
    pub fn new(year: i64, month: u32, day: u32) -> Result<Date, String> {
        let name = month
            .checked_sub(1)
            .and_then(|m| MONTHS.get(m as usize))
            .copied()
            .unwrap_or("?");
        if !(1..=9999).contains(&year) {
            return Err(format!("the year {year} is outside 1 to 9999"));
        }
        if !(1..=12).contains(&month) {
            return Err(format!("there is no month {month}"));
        }
        let (y, m, d) = (year as i16, month as i8, day.min(99) as i8);
        jiff::civil::Date::new(y, m, d).map(Date).map_err(|_| {
            let last = jiff::civil::Date::new(y, m, 1)
                .map(|first| first.days_in_month())
                .unwrap_or(31);
            format!("{name} {year} has {last} days, not {day}")
        })
    }

    /// Reads `1 November 2014` (as the language writes dates) or `2014-11-01`
    /// (as history files and the command line do).
    pub fn parse(text: &str) -> Result<Date, String> {
        let text = text.trim();
        let words: Vec<&str> = text.split_whitespace().collect();
        if let [day, month, year] = words.as_slice() {
            let m = MONTHS
                .iter()
                .position(|name| name.eq_ignore_ascii_case(month))
                .ok_or_else(|| format!("`{month}` is not a month"))?;
            let day = day
                .parse::<u32>()
                .map_err(|_| format!("`{day}` is not a day of the month"))?;
            let year = year.parse::<i64>().map_err(|_| format!("`{year}` is not a year"))?;
            return Date::new(year, m as u32 + 1, day);
        }
        let parts: Vec<&str> = text.split('-').collect();
        if let [y, m, d] = parts.as_slice() {
            if y.len() == 4 && m.len() == 2 && d.len() == 2 {
                let num = |s: &str| {
                    s.bytes()
                        .all(|b| b.is_ascii_digit())
                        .then(|| s.parse::<u32>().ok())
                        .flatten()
                };
                if let (Some(y), Some(m), Some(d)) = (num(y), num(m), num(d)) {
                    return Date::new(i64::from(y), m, d);
                }
            }
        }
        Err(format!(
            "`{text}` is not a date: write `2014-11-01` or `1 November 2014`"
        ))
    }

    /// The day `length` after this one (calendar arithmetic), or `None` past 9999.
    pub fn after(self, length: Length) -> Option<Date> {
        let n = i64::from(length.amount);
        let span = match length.unit {
            TimeUnit::Days => jiff::Span::new().try_days(n),
            TimeUnit::Weeks => jiff::Span::new().try_weeks(n),
            TimeUnit::Months => jiff::Span::new().try_months(n),
            TimeUnit::Years => jiff::Span::new().try_years(n),
        }
        .ok()?;
        self.0.checked_add(span).ok().map(Date)
    }

    /// The calendar year.
    pub fn year(self) -> i64 {
        i64::from(self.0.year())
    }

    /// The day before this one.
    pub fn previous(self) -> Option<Date> {
        self.0.yesterday().ok().map(Date)
    }

    /// `2014-11-01`.
    pub fn iso(self) -> String {
        self.0.to_string()
    }
}

/// `1 November 2014`, as the language writes it.
impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let month = MONTHS
            .get((self.0.month() as usize).saturating_sub(1))
            .copied()
            .unwrap_or("?");
        write!(f, "{} {} {}", self.0.day(), month, self.0.year())
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "date" })
    }
}

/// The value of a number written in words (`two`, `eighteen`, `twenty-five`),
/// for the words the grammar accepts: one to ninety-nine.
pub fn number_word(word: &str) -> Option<u32> {
    const UNITS: [&str; 19] = [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let below_twenty = |w: &str| {
        UNITS
            .iter()
            .position(|u| *u == w)
            .and_then(|i| u32::try_from(i + 1).ok())
    };
    let (tens, unit) = match word.split_once('-') {
        Some((t, u)) => (t, Some(u)),
        None => (word, None),
    };
    match TENS.iter().position(|t| *t == tens) {
        Some(i) => {
            let tens = 20 + 10 * u32::try_from(i).ok()?;
            match unit {
                // Only `one` to `nine` follow a ten (`twenty-five`, never `twenty-twelve`).
                Some(u) => below_twenty(u).filter(|n| *n < 10).map(|n| tens + n),
                None => Some(tens),
            }
        }
        None if unit.is_none() => below_twenty(word),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_units_read_both_ways() {
        assert_eq!(number_word("twenty"), Some(20));
        assert_eq!(number_word("eighteen"), Some(18));
        assert_eq!(number_word("twenty-five"), Some(25));
        assert_eq!(number_word("ninety-nine"), Some(99));
        assert_eq!(number_word("twenty-twelve"), None);
        assert_eq!(number_word("five-two"), None);
        assert_eq!(number_word("zero"), None);
        assert_eq!(TimeUnit::from_word("years"), Some(TimeUnit::Years));
        assert_eq!(TimeUnit::from_word("year"), Some(TimeUnit::Years));
        assert_eq!(TimeUnit::from_word("fortnight"), None);
        let l = Length {
            amount: 1,
            unit: TimeUnit::Years,
        };
        assert_eq!(l.to_string(), "1 year");
    }

    #[test]
    fn dates_are_read_and_counted_on_the_calendar() {
        let d = |s: &str| Date::parse(s).map_err(|e| e.to_string());
        assert_eq!(d("1 November 2014").map(|x| x.iso()), Ok("2014-11-01".to_string()));
        assert_eq!(d("2017-03-29").map(|x| x.to_string()), Ok("29 March 2017".to_string()));
        assert_eq!(
            d("31 February 2027"),
            Err("February 2027 has 28 days, not 31".to_string())
        );
        assert_eq!(d("29 February 2024").map(|x| x.iso()), Ok("2024-02-29".to_string()));
        assert!(d("2017-3-29").is_err() && d("0 May 2020").is_err() && d("1 Mai 2020").is_err());
        let years = |n| Length {
            amount: n,
            unit: TimeUnit::Years,
        };
        let months = |n| Length {
            amount: n,
            unit: TimeUnit::Months,
        };
        let on = |s: &str| Date::parse(s).ok();
        // Two years after the United Kingdom's notice of 29 March 2017.
        assert_eq!(on("2017-03-29").and_then(|x| x.after(years(2))), on("2019-03-29"));
        // A month after 31 January is the last day of February; a year after 29 February, 28 February.
        assert_eq!(on("2023-01-31").and_then(|x| x.after(months(1))), on("2023-02-28"));
        assert_eq!(on("2024-01-31").and_then(|x| x.after(months(1))), on("2024-02-29"));
        assert_eq!(on("2024-02-29").and_then(|x| x.after(years(1))), on("2025-02-28"));
        assert_eq!(on("9999-06-01").and_then(|x| x.after(years(1))), None);
        assert_eq!(years(0).problem(), Some("a length of no time"));
        assert!(years(1001).problem().is_some() && years(1000).problem().is_none());
    }
}
