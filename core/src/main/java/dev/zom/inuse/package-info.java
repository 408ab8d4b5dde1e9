/**
 * RFC13's introspection: which processes have files under a path open ({@code zom inuse}). A tool, never on the
 * hot path.
 */
package dev.zom.inuse;
