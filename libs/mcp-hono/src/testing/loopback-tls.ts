/**
 * A self-signed certificate for https://127.0.0.1 and https://localhost, for loopback
 * fixtures that must speak https (a Client ID Metadata Document URL must be https).
 * Test-only: it protects nothing, and the server trusts it only when a test passes it
 * as an extra CA. Generated with:
 *   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 7300 \
 *     -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
 *     -addext basicConstraints=critical,CA:true
 */
export const LOOPBACK_TLS_CERT = `-----BEGIN CERTIFICATE-----
MIIBmTCCAT+gAwIBAgIUaUmqIdYtLm5PnPq5KlpyeAAKAhEwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MB4XDTI2MTEyOTA2MTcyN1oXDTQ2MTEyNDA2
MTcyN1owFDESMBAGA1UEAwwJbG9jYWxob3N0MFkwEwYHKoZIzj0CAQYIKoZIzj0D
AQcDQgAE3+TUAP1JPoPGMTMVHCAHNG3W01snfVNMkawpn/f9cSzXdwJXakXzBuEj
AxkbSAFBEJ39PBD3xNZH6hGx5j75cKNvMG0wHQYDVR0OBBYEFAapsyCmnlC/lose
mFpajWdwP7aFMB8GA1UdIwQYMBaAFAapsyCmnlC/losemFpajWdwP7aFMBoGA1Ud
EQQTMBGCCWxvY2FsaG9zdIcEfwAAATAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49
BAMCA0gAMEUCIG3i/Q3gyCktsFLh9GT+kz0/2jWtxTxMcMyuu2eosHdlAiEA2a7M
PrVMcTKB6n+txup23wkbxVLhIGux/5TEOz0TE0k=
-----END CERTIFICATE-----
`;

export const LOOPBACK_TLS_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgMEHMDDgDpD/WMBRW
6FmW+BOyIhT1ceTChWA8nh4SH+ihRANCAATf5NQA/Uk+g8YxMxUcIAc0bdbTWyd9
U0yRrCmf9/1xLNd3AldqRfMG4SMDGRtIAUEQnf08EPfE1kfqEbHmPvlw
-----END PRIVATE KEY-----
`;
