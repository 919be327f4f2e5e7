// A client component: useActionState shows the server's field errors; the form still posts without JavaScript.
"use client";

import { useLocale, useTranslations } from "next-intl";
import { useActionState, useEffect, useRef, useState } from "react";
import { startChat, type StartChatState } from "@/app/actions";
import { useHostState } from "@/components/embed/use-host-state";
import { SubmitButton } from "@/components/submit-button";
import { preloadChatView } from "@/components/chat/lazy-chat-view";
import { preloadChatConnection } from "@/lib/chat/connect";
import type { Backend } from "@/lib/chat/types";
import type { FieldConfig, PreEngagementValues } from "@/lib/pre-engagement";
import type { Surface } from "@/lib/surface";
import type { PageContext } from "@/lib/embed/protocol";

const initial: StartChatState = null;

type ControlProps = {
  id: string;
  name: string;
  required?: boolean;
  "aria-describedby"?: string;
  "aria-invalid"?: boolean;
};

/** One configured field: its label and hint from the catalog, its control, and the server's error for it. */
function Field({ field, state }: { field: FieldConfig; state: StartChatState }) {
  const t = useTranslations();
  const id = `field-${field.name}`;
  const errors = state?.fieldErrors?.[field.name];
  const echoed = state?.values[field.name];
  const label = t(`fields.${field.name}.label`);
  const hint = field.hint ? t(`fields.${field.name}.hint`) : null;
  const described = [hint ? `${id}-hint` : null, errors ? `${id}-error` : null].filter(Boolean).join(" ");
  const props: ControlProps = {
    id,
    name: field.name,
    required: field.required || undefined,
    "aria-describedby": described || undefined,
    "aria-invalid": errors ? true : undefined,
  };

  let control: React.ReactNode;
  if (field.type === "checkbox") {
    control = <input {...props} type="checkbox" defaultChecked={echoed === "on"} />;
  } else if (field.type === "select") {
    control = (
      <select {...props} defaultValue={echoed ?? ""}>
        <option value="">{t("form.chooseOption")}</option>
        {field.options.map((option) => (
          <option key={option} value={option}>
            {t(`fields.${field.name}.options.${option}`)}
          </option>
        ))}
      </select>
    );
  } else if (field.type === "textarea") {
    control = <textarea {...props} rows={4} defaultValue={echoed} />;
  } else {
    control = (
      <input
        {...props}
        type={field.type}
        defaultValue={echoed}
        autoComplete={field.autoComplete}
        placeholder={field.example}
        inputMode={field.type === "email" ? "email" : undefined}
      />
    );
  }

  return (
    <div className={field.type === "checkbox" ? "field field-checkbox" : "field"}>
      {field.type === "checkbox" ? control : null}
      <label htmlFor={id}>{field.required || field.type === "checkbox" ? label : t("form.optional", { label })}</label>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {field.type === "checkbox" ? null : control}
      {errors ? (
        <p id={`${id}-error`} className="field-error">
          {errors[0]}
        </p>
      ) : null}
    </div>
  );
}

type FormProps = {
  /** From lib/widget-config.ts, handed down by the server so the rest of the config stays out of the browser. */
  fields: readonly FieldConfig[];
  backend: Backend;
  surface: Surface;
  /** "message": no one answers now, so the form leaves a message for the team (lib/pre-engagement.ts). */
  mode?: "chat" | "message";
  /** What a signed visitor context vouches for: shown, not asked again. */
  known: PreEngagementValues | null;
  context?: string;
  /** The signed context names the visitor (its `sub`): posted even when it vouches for no field. */
  named?: boolean;
};

export function PreEngagementForm({
  mode = "chat",
  fields,
  backend,
  surface,
  known: vouched,
  context,
  named = false,
}: FormProps) {
  const t = useTranslations("form");
  const locale = useLocale();
  const [state, formAction] = useActionState(startChat, initial);
  const known = state?.contextRejected ? null : vouched;
  // Keying by the echoed values makes React reset the uncontrolled inputs to them after each failed submit.
  const key = state ? JSON.stringify(state.values) : "new";
  const form = useRef<HTMLFormElement>(null);
  const { prefill, open, connected, page: hostPage, invitation } = useHostState();
  // The page the visitor is on, for the agent: the host's (embedded), else this one (read after hydration).
  const [ownPage, setOwnPage] = useState<PageContext | null>(null);
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the browser's location, known only after hydration
    if (window.parent === window) setOwnPage({ path: location.pathname, title: document.title.slice(0, 200) });
  }, []);
  const page = hostPage ?? ownPage;

  // Shown to the visitor (the full page, or the launcher's panel once opened — not a panel warmed while closed):
  // fetch the chat's and its connection's code now, so it is there when Start chat's answer arrives.
  useEffect(() => {
    if (!open || (!connected && window.parent !== window)) return;
    preloadChatView(locale);
    preloadChatConnection(backend);
  }, [open, connected, backend, locale]);

  // The embedding page may fill in what it already knows (setPreEngagement); the visitor can still change it.
  // A refused submit puts the visitor on the first field to fix (its error is its description, so it is read out).
  useEffect(() => {
    if (!state?.fieldErrors || !form.current) return;
    const invalid = form.current.querySelector<HTMLElement>('[aria-invalid="true"]');
    invalid?.focus();
  }, [state]);

  useEffect(() => {
    if (!prefill || !form.current) return;
    for (const [name, value] of Object.entries(prefill)) {
      const field = form.current.elements.namedItem(name);
      if (field instanceof HTMLInputElement && field.type === "checkbox") field.checked = value === true;
      else if (
        field instanceof HTMLInputElement ||
        field instanceof HTMLTextAreaElement ||
        field instanceof HTMLSelectElement
      ) {
        if (field.type !== "hidden") field.value = String(value);
      }
    }
  }, [prefill, key]);

  return (
    <form ref={form} action={formAction} className="form" noValidate key={key}>
      <input type="hidden" name="surface" value={surface} />
      <input type="hidden" name="mode" value={mode} />
      {page ? <input type="hidden" name="page" value={JSON.stringify(page)} /> : null}
      {invitation ? (
        <>
          {/* The site's invitation the visitor accepted: it opens the conversation, above their question. */}
          <input type="hidden" name="invitation" value={invitation} />
          <p className="form-invitation">{invitation}</p>
        </>
      ) : null}
      {context && !state?.contextRejected && (known || named) ? (
        <input type="hidden" name="context" value={context} />
      ) : null}
      {known && context ? (
        <>
          <p className="known-visitor">
            {t("knownVisitor", {
              details: Object.entries(known)
                .filter(([, value]) => typeof value === "string")
                .map(([, value]) => value)
                .join(" · "),
            })}
          </p>
        </>
      ) : null}
      {fields
        .filter((field) => !known || !(field.name in known))
        .map((field) => (
          <Field key={field.name} field={field} state={state} />
        ))}
      <p className="form-status" role="status">
        {state?.message ?? ""}
      </p>
      {mode === "chat" ? (
        <SubmitButton pendingText={t("starting")}>{t("start")}</SubmitButton>
      ) : (
        <SubmitButton pendingText={t("sending")}>{t("send")}</SubmitButton>
      )}
    </form>
  );
}
