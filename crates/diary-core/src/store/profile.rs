//! The patient's profile and treatments: the classes the rules read, the drugs picked by
//! name, and when to ask whether they still hold.

use super::{bad_value, Diary, Result, StoreError};
use crate::error::FieldError;
use crate::json;
use crate::model::*;
use crate::treatments::{self, Treatments};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{params, OptionalExtension, Transaction};

pub(super) fn write_profile(tx: &Transaction<'_>, p: &Profile) -> Result<()> {
    tx.execute(
        "INSERT INTO profile (id, usual_stools_per_day, baseline_weight_kg, biliary_stent, fever_threshold_c)
         VALUES (1, ?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET usual_stools_per_day = excluded.usual_stools_per_day,
           baseline_weight_kg = excluded.baseline_weight_kg, biliary_stent = excluded.biliary_stent,
           fever_threshold_c = excluded.fever_threshold_c",
        params![
            p.usual_stools_per_day,
            p.baseline_weight_kg,
            p.biliary_stent,
            p.fever_threshold_c
        ],
    )?;
    tx.execute("DELETE FROM office_hours", [])?;
    if let Some(h) = &p.office_hours {
        let days: Vec<&str> = h.days.iter().map(|d| d.as_str()).collect();
        tx.execute(
            "INSERT INTO office_hours (id, days, open_min, close_min) VALUES (1, ?1, ?2, ?3)",
            params![days.join(","), h.open, h.close],
        )?;
    }
    tx.execute("DELETE FROM profile_therapies", [])?;
    for (i, t) in p.therapies.iter().enumerate() {
        tx.execute(
            "INSERT INTO profile_therapies (therapy, position) VALUES (?1, ?2)",
            params![t.as_str(), i as i64],
        )?;
    }
    Ok(())
}

impl Diary {
    /// The patient's profile (empty until set).
    pub fn profile(&self) -> Result<Profile> {
        let mut p = self
            .conn
            .query_row(
                "SELECT usual_stools_per_day, baseline_weight_kg, biliary_stent, fever_threshold_c FROM profile WHERE id = 1",
                [],
                |r| {
                    Ok(Profile {
                        therapies: Vec::new(),
                        usual_stools_per_day: r.get(0)?,
                        baseline_weight_kg: r.get(1)?,
                        biliary_stent: r.get(2)?,
                        fever_threshold_c: r.get(3)?,
                        office_hours: None,
                    })
                },
            )
            .optional()?
            .unwrap_or_default();
        p.office_hours = self.office_hours()?;
        let mut stmt = self
            .conn
            .prepare("SELECT therapy FROM profile_therapies ORDER BY position")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        for t in rows {
            let t = t?;
            p.therapies
                .push(Therapy::parse(&t).ok_or_else(|| bad_value("therapy", &t))?);
        }
        Ok(p)
    }
    /// The care team's office hours as saved (`None`: not set).
    fn office_hours(&self) -> Result<Option<OfficeHours>> {
        let row: Option<(String, u16, u16)> = self
            .conn
            .query_row(
                "SELECT days, open_min, close_min FROM office_hours WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((days, open, close)) = row else {
            return Ok(None);
        };
        let days = days
            .split(',')
            .map(|d| OfficeDay::parse(d).ok_or_else(|| bad_value("office day", d)))
            .collect::<std::result::Result<Vec<_>, rusqlite::Error>>()?;
        Ok(Some(OfficeHours { days, open, close }))
    }
    /// The numbers the messages give at `at`: the saved numbers, with the care team's
    /// office judged open or closed at `at` on the profile's office hours (the moment a
    /// message is shown: a report's result at its own time, a lab-only alert at its entry,
    /// the home screen, a notification and the ladder's card now). Every screen,
    /// notification and command builds its [`crate::messages::Phones`] here or through
    /// [`super::Settings::phones`] with [`Profile::office_open`].
    pub fn phones_at(&self, at: DateTime<FixedOffset>) -> Result<crate::messages::Phones> {
        let office_open = self.profile()?.office_open(at);
        Ok(self.settings()?.phones(office_open))
    }
    /// Replaces the profile, after checking every field.
    pub fn set_profile(&mut self, p: &Profile) -> Result<()> {
        json::validate_profile(p)?;
        let tx = self.conn.transaction()?;
        write_profile(&tx, p)?;
        tx.commit()?;
        Ok(())
    }
    /// What the diary remembers about the treatments: the drugs picked by name (only those
    /// whose class the profile still lists), when the list was last confirmed, and whether
    /// the CDK4/6 question was answered.
    pub fn treatments(&self) -> Result<Treatments> {
        let text: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'treatments'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        let mut t: Treatments = match text {
            Some(t) => serde_json::from_str(&t).map_err(|e| {
                StoreError::Io(format!("the saved treatments could not be read: {e}"))
            })?,
            None => Treatments::default(),
        };
        t.drugs = treatments::current_drugs(&self.profile()?, &t.drugs);
        Ok(t)
    }
    pub(super) fn write_treatments(tx: &Transaction, t: &Treatments) -> Result<()> {
        let text = serde_json::to_string(t).expect("treatments always serialize");
        tx.execute(
            "INSERT INTO settings (key, value) VALUES ('treatments', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [text],
        )?;
        Ok(())
    }
    /// Saves the treatments picked by name with the profile `p`: the profile's classes
    /// become the drugs' classes plus `p`'s classes that no drug names (kept as saved), and
    /// the list counts as confirmed on `today`. One transaction.
    pub fn set_treatments(&mut self, p: &Profile, drugs: &[Drug], today: NaiveDate) -> Result<()> {
        let mut drugs_once: Vec<Drug> = Vec::new();
        for d in drugs {
            if !drugs_once.contains(d) {
                drugs_once.push(*d);
            }
        }
        let profile = Profile {
            therapies: treatments::therapies(&drugs_once, &p.therapies),
            ..p.clone()
        };
        json::validate_profile(&profile)?;
        let before = self.treatments()?;
        let tx = self.conn.transaction()?;
        write_profile(&tx, &profile)?;
        Self::write_treatments(
            &tx,
            &Treatments {
                drugs: drugs_once,
                confirmed_on: Some(today),
                ..before
            },
        )?;
        tx.commit()?;
        Ok(())
    }
    /// "Yes, I am still on these treatments": the list counts as confirmed on `today`.
    pub fn confirm_treatments(&mut self, today: NaiveDate) -> Result<()> {
        let t = Treatments {
            confirmed_on: Some(today),
            ..self.treatments()?
        };
        let tx = self.conn.transaction()?;
        Self::write_treatments(&tx, &t)?;
        tx.commit()?;
        Ok(())
    }
    /// The answer to "which CDK4/6 drug?" (`None`: "I do not know", which keeps both
    /// classes): the profile keeps the drug's class, the drug is remembered by name, and
    /// the question is not asked again.
    pub fn answer_cdk46(&mut self, drug: Option<Drug>) -> Result<()> {
        if let Some(d) = drug {
            if !treatments::CDK46_DRUGS.contains(&d) {
                return Err(StoreError::Invalid(FieldError::new(
                    "drug",
                    format!("{d} is not a CDK4/6 drug"),
                )));
            }
        }
        let profile = self.profile()?;
        let mut t = self.treatments()?;
        let profile = Profile {
            therapies: treatments::answer_cdk46(&profile, drug),
            ..profile
        };
        if let Some(d) = drug {
            t.drugs.push(d);
        }
        t.cdk46_answered = true;
        let tx = self.conn.transaction()?;
        write_profile(&tx, &profile)?;
        Self::write_treatments(&tx, &t)?;
        tx.commit()?;
        Ok(())
    }
}
