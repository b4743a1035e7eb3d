/**
 * ACME accounts (RFC 8555 §7.3): {@link io.certkeeper.acme.account.AccountService} registers the
 * account for a CA, with an external account binding where the CA requires one, finds it again by
 * its key, and changes its contacts or key or deactivates it. Accounts are stored with their key on
 * disk, one per CA.
 */
package io.certkeeper.acme.account;
