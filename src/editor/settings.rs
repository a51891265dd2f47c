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
    /// The host's address when it is self-hosted (`https://git.example.no`).
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
                if let Some(host) = host {
                    backend["base_url"] = host.into();
                    backend["api_root"] = format!("{host}/api/v1").into();
                }
            }
            Backend::Github => {
                // GitHub has no PKCE flow in Decap: `base_url` is the OAuth helper's address.
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
            (Some(host), _) => vec![host.to_string()],
            (None, Backend::Gitlab) => vec!["https://gitlab.com".into()],
            (None, Backend::Github) => {
                vec!["https://api.github.com".into(), "https://github.com".into()]
            }
            (None, Backend::Gitea) => vec!["https://try.gitea.io".into()],
        }
    }
}
