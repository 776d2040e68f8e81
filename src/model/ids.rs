//! Typed ids and the tables they index.
//!
//! Each kind of named entity of a stage's treaty (bodies, rules, articles,
//! labelled provisions, criteria, funds, parties) lives in a `Table` in name
//! order, and is known by a typed id: a `BodyId` cannot be used where a `RuleId`
//! is meant. Only resolution looks names up (`Table::id_of`); every later phase
//! follows the ids that resolution recorded for each reference.

use std::collections::BTreeMap;
use std::marker::PhantomData;

/// An index into one table.
pub trait Id: Copy {
    fn from_index(index: usize) -> Self;
    fn index(self) -> usize;
}

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(u32);

        impl Id for $name {
            fn from_index(index: usize) -> Self {
                // Tables hold at most what a 64 MiB source can declare: far below 2^32.
                $name(u32::try_from(index).unwrap_or(u32::MAX))
            }

            fn index(self) -> usize {
                self.0 as usize
            }
        }
    )*};
}

ids! {
    /// A body (or office) of the treaty.
    BodyId,
    /// A declared voting rule (built-in rules are not declared and have none).
    RuleId,
    /// An article, by its number.
    ArticleId,
    /// A labelled provision.
    ProvisionId,
    /// A membership criterion.
    CriterionId,
    /// A fund.
    FundId,
    /// A party (a member state listed in `parties`).
    PartyId,
    /// A decision procedure (`procedure NAME { ... }`).
    ProcedureId,
}

/// The named entities of one kind, in name order, each under its typed id.
#[derive(Debug)]
pub struct Table<'a, I, T> {
    entries: Vec<(&'a str, T)>,
    id: PhantomData<I>,
}

impl<'a, I: Id, T> Table<'a, I, T> {
    pub(super) fn from_map(map: BTreeMap<&'a str, T>) -> Self {
        Table {
            entries: map.into_iter().collect(),
            id: PhantomData,
        }
    }

    /// The id of a name; for resolution only: later phases follow ids.
    pub(super) fn id_of(&self, name: &str) -> Option<I> {
        self.entries
            .binary_search_by(|(n, _)| (*n).cmp(name))
            .ok()
            .map(I::from_index)
    }

    /// The entity a name stands for, by the table's binary search: for a pass
    /// that follows names the syntax wrote (a rule's `before then R`), where a
    /// scan of the table for each name would make it quadratic.
    pub fn named(&self, name: &str) -> Option<&T> {
        self.id_of(name).map(|id| self.get(id))
    }

    /// The entity an id names. Ids come from this table (`id_of`, `ids`) and a
    /// model only follows the ids its own resolution made.
    #[expect(
        clippy::indexing_slicing,
        reason = "an id is made by this table and indexes it; no table shrinks"
    )]
    pub fn get(&self, id: I) -> &T {
        debug_assert!(id.index() < self.entries.len());
        &self.entries[id.index()].1
    }

    /// The name an id stands for.
    #[expect(
        clippy::indexing_slicing,
        reason = "an id is made by this table and indexes it; no table shrinks"
    )]
    pub fn name(&self, id: I) -> &'a str {
        debug_assert!(id.index() < self.entries.len());
        self.entries[id.index()].0
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn keys(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.entries.iter().map(|(n, _)| *n)
    }

    pub fn values(&self) -> impl Iterator<Item = &T> + '_ {
        self.entries.iter().map(|(_, v)| v)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'a str, &T)> + '_ {
        self.entries.iter().map(|(n, v)| (*n, v))
    }

    /// Every entity with its id, in name order.
    pub fn ids(&self) -> impl Iterator<Item = (I, &T)> + '_ {
        self.entries.iter().enumerate().map(|(i, (_, v))| (I::from_index(i), v))
    }
}

impl<'t, 'a, I: Id, T> IntoIterator for &'t Table<'a, I, T> {
    type Item = (&'a str, &'t T);
    type IntoIter = Box<dyn Iterator<Item = (&'a str, &'t T)> + 't>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.entries.iter().map(|(n, v)| (*n, v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_name_order() {
        let table: Table<'_, BodyId, u8> = Table::from_map([("Council", 1), ("Assembly", 2)].into_iter().collect());
        let council = table.id_of("Council").unwrap_or(BodyId(9));
        assert_eq!(*table.get(council), 1);
        assert_eq!(table.name(council), "Council");
        assert_eq!(table.keys().collect::<Vec<_>>(), ["Assembly", "Council"]);
        assert_eq!(table.id_of("Court"), None);
    }
}
