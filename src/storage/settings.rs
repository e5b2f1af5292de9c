//! Settings of the app on this PC, kept by name in the records (the main window's size and place).

use rusqlite::{OptionalExtension, params};

use crate::core::error::Result;
use crate::storage::records::Records;

impl Records {
    /// The setting `key`, if it was ever saved.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                params![key],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Saves the setting `key`.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.conn().execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::storage::records::Records;

    #[test]
    fn a_setting_is_saved_replaced_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let (records, _) = Records::open(dir.path(), 0).unwrap();
        assert_eq!(records.setting("window").unwrap(), None);
        records.set_setting("window", "a").unwrap();
        records.set_setting("window", "b").unwrap();
        drop(records);
        let records = Records::open_to_read(dir.path()).unwrap();
        assert_eq!(records.setting("window").unwrap().as_deref(), Some("b"));
    }
}
