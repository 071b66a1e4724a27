//! A TLS-terminating forwarder to put in front of the test server, with a certificate for
//! 127.0.0.1 and localhost signed by a certificate authority made fresh for each forwarder
//! (the way a hospital runs its own). It exists so that the diary's trust in the operating
//! system's certificate store is tested against a real TLS handshake: a client that does
//! not trust the test CA must refuse the server, and one whose store holds it (for
//! example through `SSL_CERT_FILE`) must get through to the real server behind.
//!
//! Each connection carries one request: it is read in full, sent on to 127.0.0.1:`upstream`
//! in plain HTTP with `Connection: close`, and the answer is written back before the
//! connection closes (as [`Proxy`](crate::Proxy) does).

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair,
    KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A TLS forwarder on a free port of 127.0.0.1, in front of a plain HTTP server.
pub struct TlsProxy {
    pub port: u16,
    /// The test CA's certificate, PEM: what a client must trust to get through.
    pub ca_pem: String,
    /// Requests read over a completed handshake (a client that refused the certificate
    /// sends none).
    pub handshakes: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

/// A fresh CA and a server certificate for 127.0.0.1 and localhost signed by it: the CA's
/// PEM, the server's certificate chain and its key.
fn certificates() -> (String, Vec<CertificateDer<'static>>, PrivateKeyDer<'static>) {
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(DnType::CommonName, "Symptom Diary test hospital CA");
    ca.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca_key = KeyPair::generate().unwrap();
    let ca_cert = ca.self_signed(&ca_key).unwrap();

    let mut leaf =
        CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()]).unwrap();
    leaf.distinguished_name
        .push(DnType::CommonName, "127.0.0.1");
    leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    leaf.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    let leaf_key = KeyPair::generate().unwrap();
    let leaf_cert = leaf.signed_by(&leaf_key, &ca_cert, &ca_key).unwrap();
    (
        ca_cert.pem(),
        vec![leaf_cert.der().clone(), ca_cert.der().clone()],
        PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der())),
    )
}

/// Reads one HTTP/1.1 request (head and `Content-Length` body); `None` when the client
/// went away or refused the handshake.
fn read_request(r: &mut impl Read) -> Option<Vec<u8>> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        if r.read(&mut byte).ok()? == 0 {
            return None;
        }
        buf.push(byte[0]);
        if buf.len() > 64 << 10 {
            return None;
        }
    }
    let head = String::from_utf8_lossy(&buf).to_string();
    let len: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    // The head again, with `Connection: close` in place of the client's.
    let mut out = Vec::new();
    for line in head.trim_end().split("\r\n") {
        let name = line.split(':').next().unwrap_or("").trim();
        if name.eq_ignore_ascii_case("connection") || name.eq_ignore_ascii_case("keep-alive") {
            continue;
        }
        out.extend_from_slice(line.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"Connection: close\r\n\r\n");
    let mut body = vec![0; len];
    r.read_exact(&mut body).ok()?;
    out.extend_from_slice(&body);
    Some(out)
}

fn handle(tcp: TcpStream, config: Arc<rustls::ServerConfig>, upstream: u16, shakes: &AtomicUsize) {
    let _ = tcp.set_read_timeout(Some(Duration::from_secs(60)));
    let Ok(conn) = rustls::ServerConnection::new(config) else {
        return;
    };
    let mut tls = rustls::StreamOwned::new(conn, tcp);
    let Some(request) = read_request(&mut tls) else {
        return;
    };
    shakes.fetch_add(1, Ordering::SeqCst);
    let answer = TcpStream::connect(("127.0.0.1", upstream)).and_then(|mut up| {
        up.set_read_timeout(Some(Duration::from_secs(300)))?;
        up.write_all(&request)?;
        let mut answer = Vec::new();
        up.read_to_end(&mut answer)?;
        Ok(answer)
    });
    if let Ok(answer) = answer {
        let _ = tls.write_all(&answer);
    }
    tls.conn.send_close_notify();
    let _ = tls.flush();
    let _ = tls.sock.shutdown(Shutdown::Both);
}

impl TlsProxy {
    /// A forwarder to 127.0.0.1:`upstream` with a fresh test CA.
    pub fn start(upstream: u16) -> TlsProxy {
        let (ca_pem, chain, key) = certificates();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = Arc::new(
            rustls::ServerConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_no_client_auth()
                .with_single_cert(chain, key)
                .unwrap(),
        );
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let p = TlsProxy {
            port,
            ca_pem,
            handshakes: Arc::default(),
            stop: Arc::new(AtomicBool::new(false)),
        };
        let (stop, shakes) = (p.stop.clone(), p.handshakes.clone());
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let (config, shakes) = (config.clone(), shakes.clone());
                std::thread::spawn(move || handle(conn, config, upstream, &shakes));
            }
        });
        p
    }

    /// `https://127.0.0.1:<port>`.
    pub fn base(&self) -> String {
        format!("https://127.0.0.1:{}", self.port)
    }
}

impl Drop for TlsProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}
