//! Search and the index behind it, and the search language.

use super::Workspace;
use crate::error::{Error, Result};
use crate::model::KindCounts;
use crate::search::{IndexStatus, SearchRequest, SearchResults};
use crate::store;

impl Workspace {
    /// Search everything. While the index is being rebuilt (it was missing or damaged, or
    /// the database was restored) this is an `index` error saying so, never a partial answer.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        let index = self.index();
        if let Some((done, total)) = index.status().rebuilding {
            let progress = (done * 100)
                .checked_div(total)
                .map(|pct| format!(" ({pct}% done)"))
                .unwrap_or_default();
            return Err(Error::index(format!(
                "Search is unavailable while the search index is rebuilt{progress}; it comes back by \
                 itself in a moment. Everything you saved is safe."
            )));
        }
        index.search(req)
    }

    /// The words of each text that a search's `terms` match: the marks an opened hit shows.
    pub fn mark_words(&self, terms: &[String], texts: &[String]) -> Result<Vec<Vec<[usize; 2]>>> {
        self.index().mark_words(terms, texts)
    }

    /// Apply all pending index work now (the indexer thread would get to it shortly).
    pub fn flush_index(&self) -> Result<()> {
        self.index().apply_pending(&*self.read()?)?;
        Ok(())
    }

    /// Rebuild the whole index from the store.
    pub fn reindex(&self, progress: &dyn Fn(usize, usize)) -> Result<()> {
        self.index().rebuild(&*self.read()?, progress)
    }

    pub fn index_status(&self) -> IndexStatus {
        self.index().status()
    }

    pub fn counts(&self) -> Result<KindCounts> {
        store::counts(&*self.read()?)
    }

    // ---- settings ----

    pub fn search_language(&self) -> Result<String> {
        Ok(store::get_setting(&*self.read()?, "search_language")?.unwrap_or_else(|| "en".into()))
    }

    /// Stem and fold words for another language (a code from
    /// `search::schema::LANGUAGES`); the index is rebuilt with it before this returns.
    pub fn set_search_language(&self, language: &str) -> Result<()> {
        if !crate::search::schema::LANGUAGES
            .iter()
            .any(|(code, _)| *code == language)
        {
            let codes: Vec<&str> = crate::search::schema::LANGUAGES
                .iter()
                .map(|(c, _)| *c)
                .collect();
            return Err(Error::invalid(
                "search_language",
                format!(
                    "unknown search language '{language}'; choose one of {}",
                    codes.join(", ")
                ),
            ));
        }
        self.write("set_search_language", |c| {
            store::set_setting(c, "search_language", language)
        })?;
        self.index().set_language(language, &*self.read()?)
    }
}
