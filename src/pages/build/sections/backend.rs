//! What only one backend uses: Rainbond's build and server types, Nuon's git ref, ServiceStage's
//! environment. The first repository's URL and credentials are shown here too for the
//! backends that build from a URL.

use buildbay_core::Target;
use leptos::prelude::*;

use crate::components::form::{Checkbox, SecretInput, Select, TextInput};
use crate::pages::build::editor::EditorState;

/// The backend options section.
#[component]
pub fn Backend() -> impl IntoView {
    let editor = expect_context::<EditorState>();
    move || match editor.target.get() {
        Target::Zadig => view! {
            <p>"Zadig uses the other sections; it has no options of its own."</p>
        }
        .into_any(),
        Target::Rainbond => view! {
            <p>"Rainbond builds one component from its repository (or image) URL."</p>
            <div class="grid">
                <Select path="/rainbond/build_type" label="Build type" empty_is_null=true options=vec![("", "Not set"), ("source_code", "Source code"), ("docker_image", "Docker image"), ("market", "App market")] />
                <Select path="/rainbond/server_type" label="Server type" empty_is_null=true options=vec![("", "Not set"), ("git", "Git"), ("svn", "Subversion"), ("oss", "Object storage (oss)")] />
            </div>
            <div class="grid">
                <TextInput path="/repos/0/url" label="Repository or image URL" hint="A clone URL for source builds, an image reference for image builds." />
                <TextInput path="/repos/0/branch" label="Branch" hint="Rainbond uses master when empty." />
                <TextInput path="/repos/0/username" label="Username" />
                <SecretInput path="/repos/0/password" label="Password or token" />
            </div>
        }
        .into_any(),
        Target::Nuon => view! {
            <p>"Nuon builds a component at a git ref, or at the latest commit of a connected repository."</p>
            <TextInput path="/nuon/git_ref" label="Git ref" nullable=true hint="A branch, tag or commit. Empty uses the first repository's branch." />
            <Checkbox path="/nuon/use_latest" label="Build the latest commit instead" />
        }
        .into_any(),
        Target::ServiceStage => view! {
            <p>"ServiceStage creates a build job; starting it is a separate step."</p>
            <TextInput path="/description" label="Job description" hint="At most 64 characters." spellcheck=true />
            <div class="grid">
                <Select path="/servicestage/arch" label="Architecture" options=vec![("", "Not set"), ("x86_64", "x86_64"), ("aarch64", "aarch64")] />
                <TextInput path="/servicestage/docker_version" label="Docker version" />
                <TextInput path="/servicestage/cluster_id" label="Cluster id" />
                <TextInput path="/servicestage/enterprise_project_id" label="Enterprise project id" />
            </div>
            <Checkbox path="/servicestage/use_public_cluster" label="Use a public cluster" />
            <div class="grid">
                <TextInput path="/repos/0/provider" label="Repository type" hint="GitHub, GitLab, Gitee, Bitbucket or DevCloud." />
                <TextInput path="/repos/0/url" label="Repository URL" />
                <TextInput path="/repos/0/branch" label="Branch" />
                <TextInput path="/repos/0/namespace" label="Organisation" />
            </div>
        }
        .into_any(),
    }
}
