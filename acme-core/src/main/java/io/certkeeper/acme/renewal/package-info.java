/** When to renew: the renewal policy and its decisions. */
package io.certkeeper.acme.renewal;
