// The sources of one answer: a button per citation under the answer; a click opens that
// passage in a panel. Text only: React escapes it, nothing here renders HTML or Markdown.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import {
  Sheet,
  SheetContent,
  SheetDescription,
  SheetHeader,
  SheetTitle,
} from "@/components/ui/sheet";

export default function Sources() {
  const [open, setOpen] = useState(null);
  const items = props.items || [];
  const item = open === null ? null : items[open];
  return (
    <div className="arena-sources flex flex-col gap-1 mt-1">
      <div className="text-xs font-semibold text-muted-foreground">{props.title}</div>
      <div className="flex flex-wrap gap-1">
        {items.map((source, index) => (
          <Button
            key={index}
            variant="outline"
            size="sm"
            className="arena-source h-auto max-w-full whitespace-normal text-left text-xs py-1"
            onClick={() => setOpen(index)}
          >
            <span className="font-semibold mr-1">{source.label}</span>
            <span className="truncate">
              {source.source}
              {source.location ? " · " + source.location : ""}
            </span>
          </Button>
        ))}
      </div>
      <Sheet open={item !== null} onOpenChange={(isOpen) => !isOpen && setOpen(null)}>
        <SheetContent side="right" className="arena-passage w-full sm:max-w-lg overflow-y-auto">
          {item && (
            <>
              <SheetHeader>
                <SheetTitle>
                  {item.label} {item.source}
                </SheetTitle>
                <SheetDescription>{item.location}</SheetDescription>
              </SheetHeader>
              <div className="flex flex-col gap-3 mt-4 text-sm">
                {item.provenance && (
                  <p className="italic text-muted-foreground">{item.provenance}</p>
                )}
                {item.quote && (
                  <div>
                    <div className="text-xs font-semibold text-muted-foreground mb-1">
                      {props.quoteLabel}
                    </div>
                    <blockquote className="border-l-4 border-primary pl-3">{item.quote}</blockquote>
                  </div>
                )}
                <div>
                  <div className="text-xs font-semibold text-muted-foreground mb-1">
                    {props.passageLabel}
                  </div>
                  <p className="whitespace-pre-wrap leading-relaxed">{item.passage}</p>
                </div>
                <Button variant="secondary" onClick={() => setOpen(null)}>
                  {props.close}
                </Button>
              </div>
            </>
          )}
        </SheetContent>
      </Sheet>
    </div>
  );
}
