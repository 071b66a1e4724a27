//! The tests' OpenID Connect provider for SMART on FHIR sign-in: `oidc/provider.mjs`, a
//! real, OpenID Certified implementation (oidc-provider, from the npm registry, installed
//! by `scripts/fhir-setup.sh` into `oidc/node_modules`), run with Node.js on 127.0.0.1 and
//! killed when the guard drops. No mock stands in for the sign-in server.
//!
//! [`Oidc::sign_in_as`] plays the user's browser on the provider's own sign-in pages:
//! it opens the authorization address, signs in as one of the provider's accounts, gives
//! (or refuses) consent and follows the redirects to the app's loopback address, which it
//! calls as a browser would, so the app's listener gets the real answer.

use crate::{free_port, Unavailable};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running provider. Dropping it kills it.
pub struct Oidc {
    child: Child,
    pub port: u16,
}

/// The provider's folder (its script, package.json and lock file).
pub fn oidc_dir() -> PathBuf {
    crate::harness_dir().join("oidc")
}

impl Oidc {
    /// A provider whose access tokens are for the FHIR server at `fhir_base`, or why there
    /// can be none here (no Node.js, oidc-provider not installed).
    pub fn start(fhir_base: &str) -> Result<Oidc, Unavailable> {
        let dir = oidc_dir();
        if !dir.join("node_modules/oidc-provider/package.json").exists() {
            return Err(Unavailable {
                reason: format!(
                    "the OpenID Connect provider (oidc-provider) is not installed in {}",
                    dir.join("node_modules").display()
                ),
            });
        }
        let node = std::env::var("NODE").unwrap_or_else(|_| "node".into());
        let port = free_port();
        let mut child = Command::new(&node)
            .arg(dir.join("provider.mjs"))
            .arg(port.to_string())
            .arg(fhir_base)
            .current_dir(&dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| Unavailable {
                reason: format!("Node.js ({node}) cannot be started: {e}"),
            })?;
        // It says "ready ISSUER" once it listens.
        let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
        let mut line = String::new();
        let read = stdout.read_line(&mut line);
        if read.is_err() || !line.starts_with("ready ") {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the OpenID Connect provider did not start (it said {line:?})");
        }
        // Whatever it writes later is read and dropped: a closed pipe would end it at its
        // next write (EPIPE), as a revocation's did.
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        Ok(Oidc { child, port })
    }

    /// The issuer (its `.well-known/openid-configuration` is beneath it).
    pub fn issuer(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Plays the user's browser: opens `authorize_url`, signs in as `login`, gives consent
    /// (or, with `consent` false, cancels at the consent page) and calls the app's
    /// loopback address the provider redirects to. Returns that address.
    pub fn sign_in_as(&self, authorize_url: &str, login: &str, consent: bool) -> String {
        let agent = ureq::AgentBuilder::new()
            .redirects(0)
            .timeout(Duration::from_secs(20))
            .build();
        let mut cookies: Vec<(String, String)> = Vec::new();
        let keep = |cookies: &mut Vec<(String, String)>, r: &ureq::Response| {
            for set in r.all("set-cookie") {
                let pair = set.split(';').next().unwrap_or("");
                if let Some((name, value)) = pair.split_once('=') {
                    cookies.retain(|(n, _)| n != name);
                    cookies.push((name.trim().to_string(), value.trim().to_string()));
                }
            }
        };
        let header = |cookies: &Vec<(String, String)>| {
            cookies
                .iter()
                .map(|(n, v)| format!("{n}={v}"))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let absolute = |base: &str, location: &str| -> String {
            if location.starts_with("http") {
                location.to_string()
            } else {
                let origin: String = base.split('/').take(3).collect::<Vec<_>>().join("/");
                format!("{origin}{location}")
            }
        };
        let answer = |r: Result<ureq::Response, ureq::Error>| match r {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("the sign-in pages: {e}"),
        };
        let mut url = authorize_url.to_string();
        for _ in 0..12 {
            if !url.starts_with(&self.issuer()) {
                // The redirect to the app's loopback address: call it, as the browser would.
                let page = answer(agent.get(&url).call());
                assert!(
                    page.status() == 200 || page.status() == 400,
                    "the app's loopback page answered {}",
                    page.status()
                );
                return url;
            }
            let r = answer(agent.get(&url).set("Cookie", &header(&cookies)).call());
            keep(&mut cookies, &r);
            if (300..400).contains(&r.status()) {
                url = absolute(
                    &url,
                    r.header("location").expect("a redirect has a location"),
                );
                continue;
            }
            assert_eq!(r.status(), 200, "the sign-in page at {url}");
            let html = r.into_string().unwrap();
            let action = html
                .split("action=\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .unwrap_or_else(|| panic!("no form on the sign-in page: {html}"))
                .to_string();
            let target = absolute(&url, &action);
            let form: Vec<(&str, &str)> = if html.contains("name=\"login\"") {
                vec![("prompt", "login"), ("login", login), ("password", "any")]
            } else if consent {
                vec![("prompt", "consent")]
            } else {
                // The consent page's own way out: the provider answers access_denied.
                let abort = format!("{}/abort", target.trim_end_matches('/'));
                let r = answer(agent.get(&abort).set("Cookie", &header(&cookies)).call());
                keep(&mut cookies, &r);
                url = absolute(&abort, r.header("location").expect("abort redirects"));
                continue;
            };
            let r = answer(
                agent
                    .post(&target)
                    .set("Cookie", &header(&cookies))
                    .send_form(&form),
            );
            keep(&mut cookies, &r);
            assert!(
                (300..400).contains(&r.status()),
                "the sign-in form answered {}",
                r.status()
            );
            url = absolute(
                &target,
                r.header("location").expect("a redirect has a location"),
            );
        }
        panic!("the sign-in did not come back to the app");
    }
}

impl Drop for Oidc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
