// HTML's invoker commands (a button that opens or closes a dialog with no script): React passes the lowercase
// attributes through as they are, and its types do not list them yet.
import "react";

declare module "react" {
  // Merged declarations must repeat the type parameter, used or not.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ButtonHTMLAttributes<T> {
    commandfor?: string;
    command?: "show-modal" | "close" | "request-close" | "show-popover" | "hide-popover" | "toggle-popover";
  }
}
