//! `editor:` in `site.yaml`: the Git host the browser editor of the internal build works
//! against. Without it, only `kompetanse serve` offers the editor.

use serde::{Deserialize, Serialize};

/// The Git hosts Decap CMS can commit to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    Gitlab,
    Github,
    Gitea,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Gitlab => "gitlab",
            Backend::Github => "github",
            Backend::Gitea => "gitea",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EditorSettings {
    pub backend: Backend,
    /// `gruppe/prosjekt` on the host.
    pub repo: String,
    #[serde(default = "default_branch")]
    pub branch: String,
    /// The host's address when it is self-hosted (`https://git.example.no`); for GitHub,
    /// the address of the OAuth helper that logs editors in (GitHub offers Decap no login
    /// without a secret, so a small server of the site's own holds it).
    #[serde(default)]
    pub base_url: Option<String>,
    /// The OAuth application's id on the host (GitLab and Gitea: PKCE, no secret).
    #[serde(default)]
    pub app_id: Option<String>,
}

fn default_branch() -> String {
    "main".into()
}

impl EditorSettings {
    /// The host without a trailing slash, if one is given.
    pub fn host(&self) -> Option<&str> {
        self.base_url
            .as_deref()
            .map(|url| url.trim_end_matches('/'))
            .filter(|url| !url.is_empty())
    }

    /// Decap's `backend` block for this host.
    pub fn backend_json(&self) -> serde_json::Value {
        let mut backend = serde_json::json!({
            "name": self.backend.name(),
            "repo": self.repo,
            "branch": self.branch,
        });
        let host = self.host();
        match self.backend {
            Backend::Gitlab => {
                backend["auth_type"] = "pkce".into();
                if let Some(host) = host {
                    backend["base_url"] = host.into();
                    backend["api_root"] = format!("{host}/api/v4").into();
                    backend["auth_endpoint"] = "oauth/authorize".into();
                }
            }
            Backend::Gitea => {
                // Decap's Gitea login is always PKCE (`login/oauth/authorize` on the host).
                if let Some(host) = host {
                    backend["base_url"] = host.into();
                    backend["api_root"] = format!("{host}/api/v1").into();
                }
            }
            Backend::Github => {
                // GitHub has no PKCE flow in Decap: `base_url` is the OAuth helper's address,
                // which Decap opens at `<base_url>/auth` (its default `auth_endpoint`).
                if let Some(host) = host {
                    backend["base_url"] = host.into();
                }
            }
        }
        if let Some(app_id) = &self.app_id {
            backend["app_id"] = app_id.as_str().into();
        }
        backend
    }

    /// The hosts the editor's page talks to, for its Content-Security-Policy.
    pub fn connect_sources(&self) -> Vec<String> {
        match (self.host(), self.backend) {
            // The helper only logs in; the editor itself talks to GitHub's API.
            (Some(host), Backend::Github) => {
                vec![host.to_string(), "https://api.github.com".into()]
            }
            (Some(host), _) => vec![host.to_string()],
            (None, Backend::Gitlab) => vec!["https://gitlab.com".into()],
            (None, Backend::Github) => {
                vec!["https://api.github.com".into(), "https://github.com".into()]
            }
            (None, Backend::Gitea) => vec!["https://try.gitea.io".into()],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(yaml: &str) -> EditorSettings {
        serde_yaml_ng::from_str(yaml).unwrap()
    }

    #[test]
    fn gitea_logs_in_with_pkce_on_the_host() {
        let gitea = settings(
            "backend: gitea\nrepo: it/portal\nbase_url: https://git.example.no/\napp_id: 1f2e\n",
        );
        let backend = gitea.backend_json();
        assert_eq!(backend["name"], "gitea");
        assert_eq!(backend["base_url"], "https://git.example.no");
        assert_eq!(backend["api_root"], "https://git.example.no/api/v1");
        assert_eq!(backend["app_id"], "1f2e");
        assert_eq!(gitea.connect_sources(), ["https://git.example.no"]);
    }

    #[test]
    fn github_points_at_the_oauth_helper_and_talks_to_the_api() {
        let github =
            settings("backend: github\nrepo: kommune/portal\nbase_url: https://oauth.example.no\n");
        let backend = github.backend_json();
        assert_eq!(backend["name"], "github");
        assert_eq!(backend["base_url"], "https://oauth.example.no");
        assert!(backend.get("auth_type").is_none(), "{backend}");
        assert!(backend.get("app_id").is_none(), "{backend}");
        assert_eq!(
            github.connect_sources(),
            ["https://oauth.example.no", "https://api.github.com"]
        );
    }
}
